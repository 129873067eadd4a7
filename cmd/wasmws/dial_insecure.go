//go:build !js

package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// insecureForwarder implements --insecure for wss URLs without a TLS option
// in package sdk: the connection dials a plain ws URL on a loopback port, and
// the forwarder relays each TCP connection to the real server over TLS without
// verifying its certificate, after restoring the Host header of the opening
// handshake. Everything after the handshake is relayed byte for byte, so the
// server sees exactly what a direct connection would send.
//
// It goes away once sdk.Options has a native TLS setting (see the report of
// issue 5).
type insecureForwarder struct {
	ln     net.Listener
	target string // host:port of the server
	host   string // the Host header to send
	tls    *tls.Config

	mu      sync.Mutex
	lastErr error // of the last failed relay, for a clearer message
}

// forwardInsecure starts a forwarder for the wss URL rawURL (as normalised by
// sdk.ParseURL) and returns it with the plain ws URL to dial instead. For
// other URLs it returns nil and rawURL: there is no certificate to skip.
func forwardInsecure(rawURL string) (*insecureForwarder, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "wss" {
		return nil, rawURL, err
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	f := &insecureForwarder{
		ln:     ln,
		target: net.JoinHostPort(u.Hostname(), port),
		host:   u.Host,
		tls:    &tls.Config{ServerName: u.Hostname(), InsecureSkipVerify: true}, // what --insecure asks for
	}
	go f.serve()
	local := *u
	local.Scheme, local.Host = "ws", ln.Addr().String()
	return f, local.String(), nil
}

func (f *insecureForwarder) serve() {
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		go f.relay(c)
	}
}

// relay forwards one client connection.
func (f *insecureForwarder) relay(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	req.Host = f.host
	dialer := &tls.Dialer{NetDialer: &net.Dialer{Timeout: 10 * time.Second}, Config: f.tls}
	sc, err := dialer.Dial("tcp", f.target)
	if err == nil {
		err = req.Write(sc)
	}
	if err != nil {
		f.setErr(err)
		if sc != nil {
			sc.Close()
		}
		fmt.Fprintf(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		return
	}
	defer sc.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(sc, br) // br holds whatever followed the request
		if cw, ok := sc.(interface{ CloseWrite() error }); ok {
			_ = cw.CloseWrite()
		}
	}()
	_, _ = io.Copy(c, sc)
	c.Close()
	<-done
}

func (f *insecureForwarder) setErr(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastErr = err
}

// err returns the error of the last relay that could not reach the server.
func (f *insecureForwarder) err() error {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastErr
}

// Close stops the forwarder. Relays end with their connections.
func (f *insecureForwarder) Close() error {
	if f == nil {
		return nil
	}
	return f.ln.Close()
}
