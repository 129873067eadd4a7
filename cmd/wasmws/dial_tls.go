//go:build !js

package main

import (
	"crypto/x509"
	"fmt"
	"os"
)

// trustCA makes the certificate authorities in the PEM file path, if not
// empty, the roots that wss connections verify against, in place of the
// system's. It does so as SSL_CERT_FILE does (set here, before the first TLS
// handshake loads the roots), which Go honours on Linux and the other Unix
// systems but not on macOS or Windows, where the system verifier decides.
// It fails if the file holds no certificate.
func trustCA(path string) error {
	if path == "" {
		return nil
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return &usageError{fmt.Sprintf("dial: --ca: %v", err)}
	}
	if !x509.NewCertPool().AppendCertsFromPEM(pem) {
		return &usageError{fmt.Sprintf("dial: --ca %s: no PEM certificate in the file", path)}
	}
	return os.Setenv("SSL_CERT_FILE", path)
}
