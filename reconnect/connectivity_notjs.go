//go:build !js

package reconnect

// connectivity tells the Client about the network and the page: in the
// browser, the online, offline and visibilitychange events. Natively there is
// nothing to tell: the network always counts as online.
type connectivity struct{}

func newConnectivity() *connectivity { return &connectivity{} }

// wake returns a channel that receives when an attempt should be made at
// once (the network came back, the page became visible): natively, never.
func (n *connectivity) wake() <-chan struct{} { return nil }

// drain forgets signals received so far.
func (n *connectivity) drain() {}

// offline reports whether the network is known to be down.
func (n *connectivity) offline() bool { return false }

// close stops listening.
func (n *connectivity) close() {}

// quietNet returns a connectivity that reports nothing, for tests.
func quietNet() *connectivity { return &connectivity{} }
