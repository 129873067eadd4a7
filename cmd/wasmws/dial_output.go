//go:build !js

package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// printer writes what "wasmws dial" shows: received messages on stdout and
// status lines on stderr. With the line editor both are the terminal, which
// keeps the prompt and the half-typed line below what is printed. Safe for
// concurrent use.
type printer struct {
	stdout, stderr io.Writer
	interactive    bool   // messages get a "< " marker; status lines a "* "
	escape         bool   // stdout is a terminal: show control characters as escapes (see visible)
	json           bool   // one JSON object per message
	binaryOut      string // binarySize, binaryHex or binaryRaw
	quiet          bool
	now            func() time.Time

	mu sync.Mutex
}

// jsonMessage is a received message as --json prints it.
type jsonMessage struct {
	Type string `json:"type"` // "text" or "binary"
	Size int    `json:"size"` // bytes
	Time string `json:"time"` // when it was received, RFC 3339 with nanoseconds, UTC
	Data string `json:"data"` // the text, or the bytes in standard base64
}

// message prints one received message, in one write.
func (p *printer) message(typ sdk.MessageType, data []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stdout.Write(p.render(typ, data))
}

// render returns what message prints.
func (p *printer) render(typ sdk.MessageType, data []byte) []byte {
	if p.json {
		m := jsonMessage{Type: "text", Size: len(data), Time: p.now().UTC().Format(time.RFC3339Nano), Data: string(data)}
		if typ == sdk.Binary {
			m.Type, m.Data = "binary", base64.StdEncoding.EncodeToString(data)
		}
		b, _ := json.Marshal(m) // strings only: cannot fail
		return p.shown(append(b, '\n'))
	}
	marker := ""
	if p.interactive {
		marker = "< "
	}
	if typ == sdk.Text {
		return p.shown(append(append([]byte(marker), data...), '\n'))
	}
	switch p.binaryOut {
	case binaryRaw:
		return p.shown(data)
	case binaryHex:
		if p.interactive {
			return fmt.Appendf(nil, "%s[binary, %d bytes]\n%s", marker, len(data), hex.Dump(data))
		}
		return fmt.Appendf(nil, "%s\n", hex.EncodeToString(data))
	}
	return fmt.Appendf(nil, "%s[binary, %d bytes]\n", marker, len(data))
}

// shown returns b as it may reach stdout: unchanged in a pipe, with control
// characters escaped on a terminal.
func (p *printer) shown(b []byte) []byte {
	if !p.escape {
		return b
	}
	return []byte(visible(b))
}

// status prints a status line on stderr, unless quiet. Status lines are for
// people and may quote the server (a close reason), so they are always
// escaped (see visible).
func (p *printer) status(format string, args ...any) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	prefix := errPrefix
	if p.interactive {
		prefix = "* "
	}
	io.WriteString(p.stderr, prefix+visible(fmt.Appendf(nil, format, args...))+"\n")
}
