//go:build !js

package sdk

import "context"

// newDial creates the connection of Dial. Natively it is New; in the browser
// it also honours SetDialHooks.
func newDial(_ context.Context, url string, opts *Options) (*Conn, error) {
	return New(url, opts)
}
