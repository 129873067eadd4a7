//go:build !js

package main

import (
	"fmt"
	"os"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/sdk"
)

// loadTLSFiles reads the PEM files of --ca, --cert and --key into c, for
// sdkOptions, and checks them as sdk.New will: a file that cannot be read or
// does not hold what its flag needs, or --cert without --key, is a usage
// error.
func (c *dialConfig) loadTLSFiles() error {
	if (c.cert == "") != (c.key == "") {
		return &usageError{"dial: --cert and --key must be given together"}
	}
	var err error
	if c.caPEM, err = readPEMFile("ca", c.ca); err != nil {
		return err
	}
	if c.certPEM, err = readPEMFile("cert", c.cert); err != nil {
		return err
	}
	if c.keyPEM, err = readPEMFile("key", c.key); err != nil {
		return err
	}
	if err := (&sdk.Options{RootCAs: c.caPEM}).Validate(); err != nil {
		return &usageError{fmt.Sprintf("dial: --ca %s: %s", c.ca, errtree.Nested(err))}
	}
	if err := (&sdk.Options{ClientCertificate: c.certPEM, ClientKey: c.keyPEM}).Validate(); err != nil {
		return &usageError{fmt.Sprintf("dial: --cert %s, --key %s: %s", c.cert, c.key, errtree.Nested(err))}
	}
	return nil
}

// readPEMFile reads the file path given to --flag; an empty path gives nil.
func readPEMFile(flag, path string) ([]byte, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &usageError{fmt.Sprintf("dial: --%s: %v", flag, err)}
	}
	if len(b) == 0 {
		return nil, &usageError{fmt.Sprintf("dial: --%s %s: empty file", flag, path)}
	}
	return b, nil
}
