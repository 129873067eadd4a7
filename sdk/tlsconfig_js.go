//go:build js && wasm

package sdk

// checkTLS accepts any PEM fields: the browser build does not link the
// certificate parsers, and New rejects the fields with ErrUnsupported
// anyway (the browser decides what certificates to trust and present).
func checkTLS(*Options) error { return nil }

// usesTLSFiles reports whether any of the PEM fields is set.
func (o *Options) usesTLSFiles() bool {
	return len(o.RootCAs) > 0 || len(o.ClientCertificate) > 0 || len(o.ClientKey) > 0
}
