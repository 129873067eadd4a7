//go:build !js

package sdk

import "net"

// errClosed is ErrClosed: natively, net.ErrClosed itself.
var errClosed = net.ErrClosed
