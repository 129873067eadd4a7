//go:build !js

package sdk_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wasmws/wasmws/internal/testpki"
	"github.com/wasmws/wasmws/sdk"
	"github.com/wasmws/wasmws/server"
)

// TestInsecureSkipVerify dials a TLS server with a self-signed certificate.
// Native only: in the browser the option is ErrUnsupported (TestHeaderOption's
// twin, TestInsecureOption, checks that on both targets), and a page cannot
// start a TLS server.
func TestInsecureSkipVerify(t *testing.T) {
	_, url := newTLSServer(t, nil)

	_, err := sdk.Dial(testContext(t), url, nil)
	var ce sdk.CloseError
	if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure {
		t.Fatalf("Dial(self-signed) = %v, want a 1006 failure", err)
	}
	c, err := sdk.Dial(testContext(t), url, &sdk.Options{InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("Dial(self-signed, InsecureSkipVerify) = %v", err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	if err := c.SendText(testContext(t), "over TLS"); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	if _, p := receive(t, c); string(p) != "over TLS" {
		t.Errorf("echo = %q", p)
	}
}

// TestRootCAs: RootCAs replaces the system's roots. The test server's own
// certificate makes it trusted; another authority does not.
func TestRootCAs(t *testing.T) {
	srv, url := newTLSServer(t, nil)
	serverCA := testpki.PEM("CERTIFICATE", srv.Certificate().Raw)

	c, err := sdk.Dial(testContext(t), url, &sdk.Options{RootCAs: serverCA})
	if err != nil {
		t.Fatalf("Dial(RootCAs: the server's certificate) = %v", err)
	}
	echoOnce(t, c, "trusted")
	_, err = sdk.Dial(testContext(t), url, &sdk.Options{RootCAs: testpki.New(t).CACert})
	if !isHandshakeFailure(err) {
		t.Errorf("Dial(RootCAs: another authority) = %v, want a 1006 failure", err)
	}
}

// TestClientCertificate dials a server that requires a client certificate
// signed by its authority: with one the dial succeeds, without one, or with
// one from another authority, it fails.
func TestClientCertificate(t *testing.T) {
	pki := testpki.New(t)
	clientCAs := x509.NewCertPool()
	if !clientCAs.AppendCertsFromPEM(pki.CACert) {
		t.Fatal("test CA does not parse")
	}
	srv, url := newTLSServer(t, &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCAs})
	serverCA := testpki.PEM("CERTIFICATE", srv.Certificate().Raw)
	stranger := testpki.New(t)

	testCases := []struct {
		name      string
		cert, key []byte
		ok        bool
	}{
		{"signed by the server's authority", pki.ClientCert, pki.ClientKey, true},
		{"none", nil, nil, false},
		{"signed by another authority", stranger.ClientCert, stranger.ClientKey, false},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := &sdk.Options{RootCAs: serverCA, ClientCertificate: tc.cert, ClientKey: tc.key}
			c, err := sdk.Dial(testContext(t), url, opts)
			if !tc.ok {
				if !isHandshakeFailure(err) {
					t.Errorf("Dial() = %v, want a 1006 failure", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Dial() = %v", err)
			}
			echoOnce(t, c, "mutual TLS")
		})
	}
}

// echoOnce sends msg on c, checks the echo and closes c.
func echoOnce(t *testing.T, c *sdk.Conn, msg string) {
	t.Helper()
	defer c.Close(sdk.StatusNormalClosure, "")
	if err := c.SendText(testContext(t), msg); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	if _, p := receive(t, c); string(p) != msg {
		t.Errorf("echo = %q want %q", p, msg)
	}
}

// isHandshakeFailure reports whether err is Dial's report of a connection
// that failed before opening: a 1006 CloseError.
func isHandshakeFailure(err error) bool {
	var ce sdk.CloseError
	return errors.As(err, &ce) && ce.Code == sdk.StatusAbnormalClosure
}

// newTLSServer starts an echo server over TLS with cfg (nil: the default),
// closed when t ends, and returns it and its wss echo URL. It does not log
// the handshakes the tests make fail.
func newTLSServer(t *testing.T, cfg *tls.Config) (*httptest.Server, string) {
	srv := httptest.NewUnstartedServer(server.New(server.Options{}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = cfg
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, "wss" + strings.TrimPrefix(srv.URL, "https") + "/echo"
}
