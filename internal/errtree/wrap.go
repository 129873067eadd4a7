package errtree

// Wrap returns an error that says "err: detail" and matches err under
// errors.Is (and errors.As, and [As]). It is the one way the library adds
// detail to a sentinel error: cheaper than fmt.Errorf with %w, which links
// fmt's formatting into the wasm module and builds a format string at run
// time. A nil err gives nil.
func Wrap(err error, detail string) error {
	if err == nil {
		return nil
	}
	return &detailError{err: err, detail: detail}
}

// detailError is the error Wrap returns.
type detailError struct {
	err    error
	detail string
}

func (e *detailError) Error() string { return e.err.Error() + ": " + e.detail }
func (e *detailError) Unwrap() error { return e.err }
