//go:build js && wasm

package sdk

// checkTLS accepts any PEM fields: the browser build does not link the
// certificate parsers, and New rejects the fields with ErrUnsupported
// anyway (the browser decides what certificates to trust and present).
func checkTLS(*Options) error { return nil }
