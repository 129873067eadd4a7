//go:build !unix && !js

package main

// followSize does nothing where there is no SIGWINCH: the width read at
// the start stays.
func (e *editor) followSize(int) {}
