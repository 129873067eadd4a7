//go:build js && wasm

package smoke

// Double returns 2*x; TestCover covers it, so coverage has a statement.
func Double(x int) int {
	return 2 * x
}
