//go:build js && wasm

package sdk

// errClosed is ErrClosed in the browser build. It stands in for net.ErrClosed
// because the net package would add about 45 KB to the gzipped wasm.
var errClosed error = netClosed{}

// netClosedText is what net.ErrClosed says.
const netClosedText = "use of closed network connection"

// netClosed says what net.ErrClosed says and matches it under errors.Is.
type netClosed struct{}

func (netClosed) Error() string { return netClosedText }

// Is reports whether target is net.ErrClosed, known by its text and by the
// Timeout and Temporary methods of a net.Error.
func (netClosed) Is(target error) bool {
	_, isNetError := target.(interface {
		Timeout() bool
		Temporary() bool
	})
	return isNetError && target.Error() == netClosedText
}
