//go:build !js

package sdk

import (
	"io"
	"net"
	"sync"
)

// guardConn wraps the raw connection (above TLS) of a native connection and
// sees every byte coder/websocket reads and the handshake request it writes.
// It gives the native client the browser's strictness where coder/websocket
// is laxer (checkUpgrade, frameChecker): at the first violation, the bytes
// before it are passed on and every later Read fails with the violation, so
// coder/websocket ends the connection at once. It records the peer's close
// frame, so that the transport reports exactly what the peer sent, whichever
// goroutine read it (coder/websocket's Close reads the close frame itself
// when it wins the race with the transport's reader). stop makes every later
// Read fail: the client reads nothing more. When the stream ends inside a
// frame or a fragmented message, Read fails with frameChecker.ended's error
// instead of io.EOF, so that coder/websocket never takes the end of the
// connection for the end of a message.
type guardConn struct {
	net.Conn
	offered []string // subprotocols offered

	mu        sync.Mutex
	req       []byte // the handshake request's header, until its end
	reqDone   bool
	key       string // its Sec-WebSocket-Key
	resp      []byte // the handshake response's header, held up to maxHandshakeHeader
	crlf      int    // how much of "\r\n\r\n" ends the response read so far
	respCut   bool   // the response header was longer than maxHandshakeHeader
	inFrames  bool   // past the response header
	unchecked bool   // not a 101: the bytes are an HTTP body, not frames
	frames    frameChecker
	err       error // the first violation, or why reading stopped; sticky
}

func (g *guardConn) Write(p []byte) (int, error) {
	g.mu.Lock()
	if !g.reqDone {
		g.noteRequest(p)
	}
	g.mu.Unlock()
	return g.Conn.Write(p)
}

// noteRequest holds the request's header until its blank line, then reads
// its key.
func (g *guardConn) noteRequest(p []byte) {
	g.req = append(g.req, p[:min(len(p), maxHandshakeHeader-len(g.req))]...)
	if end := indexHeaderEnd(g.req); end >= 0 || len(g.req) >= maxHandshakeHeader {
		if end >= 0 {
			g.key = requestKey(g.req[:end])
		}
		g.req, g.reqDone = nil, true
	}
}

// indexHeaderEnd returns the index just after the "\r\n\r\n" ending an HTTP
// header block in b, or -1.
func indexHeaderEnd(b []byte) int {
	for i := 3; i < len(b); i++ {
		if b[i] == '\n' && b[i-1] == '\r' && b[i-2] == '\n' && b[i-3] == '\r' {
			return i + 1
		}
	}
	return -1
}

func (g *guardConn) Read(p []byte) (int, error) {
	g.mu.Lock()
	err := g.err
	g.mu.Unlock()
	if err != nil {
		return 0, err
	}
	n, err := g.Conn.Read(p)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err != nil {
		return 0, g.err // stopped while reading
	}
	if n > 0 {
		if good, verr := g.feed(p[:n]); verr != nil {
			g.err = verr
			if good == 0 {
				return 0, verr
			}
			return good, nil
		}
	}
	if err == io.EOF && g.inFrames && !g.unchecked {
		if cerr := g.frames.ended(); cerr != nil {
			g.err = cerr // the bytes read are passed on; the next Read fails
			if n == 0 {
				return 0, cerr
			}
			return n, nil
		}
	}
	return n, err
}

// feed checks bytes read; see frameChecker.feed for what it returns.
func (g *guardConn) feed(b []byte) (int, error) {
	if g.inFrames {
		if g.unchecked {
			return len(b), nil
		}
		return g.frames.feed(b)
	}
	end := g.skipResponse(b)
	if end < 0 {
		return len(b), nil
	}
	err := checkUpgrade(g.resp, g.key, g.offered)
	g.resp, g.crlf = nil, 0
	if err == errInformational {
		// A 1xx before the answer: the HTTP client skips it, and so do we.
		n, err := g.feed(b[end:])
		return end + n, err
	}
	g.inFrames = true
	if g.respCut {
		err = nil // too long to hold: left to coder/websocket's own checks
	}
	switch {
	case err == errNotUpgrade:
		g.unchecked = true
		return len(b), nil
	case err != nil:
		return end, err // pass the header on: the HTTP client and coder/websocket read it, then fail
	}
	n, err := g.frames.feed(b[end:])
	return end + n, err
}

// skipResponse consumes the handshake response, holding its header, up to
// its blank line. It returns the index in b just after the blank line, or -1
// if the header goes on.
func (g *guardConn) skipResponse(b []byte) int {
	const end = "\r\n\r\n"
	for i, c := range b {
		switch {
		case c == end[g.crlf]:
			g.crlf++
		case c == '\r':
			g.crlf = 1
		default:
			g.crlf = 0
		}
		if g.crlf == len(end) {
			g.holdResponse(b[:i+1])
			return i + 1
		}
	}
	g.holdResponse(b)
	return -1
}

func (g *guardConn) holdResponse(b []byte) {
	room := maxHandshakeHeader - len(g.resp)
	if len(b) > room {
		g.respCut = true
	}
	g.resp = append(g.resp, b[:min(len(b), room)]...)
}

// stop makes every later Read fail with err (if no violation came first).
func (g *guardConn) stop(err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err == nil {
		g.err = err
	}
}

// violation returns the first violation (or the error given to stop).
func (g *guardConn) violation() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// closeFrame returns the peer's close frame, if one was read whole.
func (g *guardConn) closeFrame() (CloseError, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.frames.peerClose == nil {
		return CloseError{}, false
	}
	return *g.frames.peerClose, true
}
