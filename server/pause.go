//go:build !js

package server

// A gate holds the connections paused with one key until a connection with
// resume=KEY opens it. Gates live in Server.gates, guarded by Server.mu.
type gate struct {
	open    chan struct{} // closed by resume
	waiters int           // connections holding the gate
}

// pause returns the gate for key, creating it if needed, and holds it until
// the returned release is called. It is called before the handshake is
// answered, so a resume sent after the client sees its connection open always
// finds it.
func (s *Server) pause(key string) (g *gate, release func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g = s.gates[key]
	if g == nil {
		g = &gate{open: make(chan struct{})}
		s.gates[key] = g
	}
	g.waiters++
	return g, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		g.waiters--
		if g.waiters == 0 && s.gates[key] == g {
			delete(s.gates, key)
		}
	}
}

// resume opens the gate for key, if any: every connection paused with key
// starts reading. Connections paused with key later wait for a later resume.
func (s *Server) resume(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.gates[key]; g != nil {
		close(g.open)
		delete(s.gates, key)
	}
}
