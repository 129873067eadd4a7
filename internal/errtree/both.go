package errtree

// Both returns an error that says "first: second" (second's text through
// [Nested]) and matches each of them under errors.Is and errors.As (and
// [As]), first before second: errors.Join's matching, with the library's
// one-line text, and without linking errors.Join into the wasm module. A
// nil first or second gives the other.
func Both(first, second error) error {
	switch {
	case first == nil:
		return second
	case second == nil:
		return first
	}
	return &bothError{errs: [2]error{first, second}}
}

// bothError is the error Both returns.
type bothError struct{ errs [2]error }

func (e *bothError) Error() string   { return e.errs[0].Error() + ": " + Nested(e.errs[1]) }
func (e *bothError) Unwrap() []error { return e.errs[:] }
