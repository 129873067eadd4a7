package errtree

// Prefix starts the text of the library's errors ("wasmws: message exceeds
// read limit"): once per message, on the outermost error only, as Go's
// convention has it for a package prefix.
const Prefix = "wasmws: "

// Nested returns err's text for use inside another error's text: without
// its leading [Prefix], so that an error built from others reads
// "wasmws: a: b", never "wasmws: a: wasmws: b". Every error type of the
// library that puts another error's text in its own uses it. A nil err gives
// "".
func Nested(err error) string {
	if err == nil {
		return ""
	}
	s := err.Error()
	if len(s) >= len(Prefix) && s[:len(Prefix)] == Prefix {
		return s[len(Prefix):]
	}
	return s
}
