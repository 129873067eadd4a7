//go:build !js

package sdk

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// checkTLS reports whether o's PEM fields make a TLS configuration: nil, or
// an error matching ErrInvalidOptions that says which field is wrong.
func checkTLS(o *Options) error {
	_, err := o.tlsConfig()
	return err
}

// tlsConfig returns the TLS configuration of wss connections made with o:
// its InsecureSkipVerify, its RootCAs as the roots (the system's when
// empty), and its client certificate if any. ServerName is left for the
// caller. Errors match ErrInvalidOptions.
func (o *Options) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{
		InsecureSkipVerify: o.InsecureSkipVerify,
		NextProtos:         []string{"http/1.1"},
	}
	if len(o.RootCAs) > 0 {
		pool, err := certPool(o.RootCAs)
		if err != nil {
			return nil, fmt.Errorf("%w: RootCAs: %w", ErrInvalidOptions, err)
		}
		cfg.RootCAs = pool
	}
	switch hasCert, hasKey := len(o.ClientCertificate) > 0, len(o.ClientKey) > 0; {
	case hasCert != hasKey:
		return nil, wrapErr(ErrInvalidOptions, "ClientCertificate and ClientKey must be set together")
	case hasCert:
		pair, err := tls.X509KeyPair(o.ClientCertificate, o.ClientKey)
		if err != nil {
			return nil, fmt.Errorf("%w: ClientCertificate, ClientKey: %w", ErrInvalidOptions, err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return cfg, nil
}

// certPool parses the CERTIFICATE blocks of pemBytes into a pool. Unlike
// x509.CertPool.AppendCertsFromPEM, which skips what it cannot parse, it
// fails on a block that does not parse, and when there is no block at all.
func certPool(pemBytes []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	n := 0
	for rest := pemBytes; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %w", n+1, err)
		}
		pool.AddCert(cert)
		n++
	}
	if n == 0 {
		return nil, errors.New("no PEM certificate")
	}
	return pool, nil
}
