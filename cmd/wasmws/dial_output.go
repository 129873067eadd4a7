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

// Terminal control: back to the start of the line, and clear it.
const eraseLine = "\r\x1b[K"

// printer writes what "wasmws dial" shows: received messages on stdout,
// status lines on stderr, and on a terminal the prompt, redrawn below every
// line printed. Safe for concurrent use.
type printer struct {
	stdout, stderr io.Writer
	interactive    bool   // messages get a "< " marker; status lines a "* "
	prompt         bool   // stdout is a terminal: show "> " and redraw it
	json           bool   // one JSON object per message
	binaryOut      string // binarySize, binaryHex or binaryRaw
	quiet          bool
	now            func() time.Time

	mu          sync.Mutex
	reading     bool // the input loop has started: the prompt may be drawn
	promptShown bool
}

// jsonMessage is a received message as --json prints it.
type jsonMessage struct {
	Type string `json:"type"` // "text" or "binary"
	Size int    `json:"size"` // bytes
	Time string `json:"time"` // when it was received, RFC 3339 with nanoseconds, UTC
	Data string `json:"data"` // the text, or the bytes in standard base64
}

// message prints one received message.
func (p *printer) message(typ sdk.MessageType, data []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearPrompt()
	defer p.redrawPrompt()
	if p.json {
		m := jsonMessage{Type: "text", Size: len(data), Time: p.now().UTC().Format(time.RFC3339Nano), Data: string(data)}
		if typ == sdk.Binary {
			m.Type, m.Data = "binary", base64.StdEncoding.EncodeToString(data)
		}
		b, _ := json.Marshal(m)
		p.stdout.Write(append(b, '\n'))
		return
	}
	marker := ""
	if p.interactive {
		marker = "< "
	}
	if typ == sdk.Text {
		fmt.Fprintf(p.stdout, "%s%s\n", marker, data)
		return
	}
	switch p.binaryOut {
	case binaryRaw:
		p.stdout.Write(data)
	case binaryHex:
		if p.interactive {
			fmt.Fprintf(p.stdout, "%s[binary, %d bytes]\n%s", marker, len(data), hex.Dump(data))
		} else {
			fmt.Fprintf(p.stdout, "%s\n", hex.EncodeToString(data))
		}
	default:
		fmt.Fprintf(p.stdout, "%s[binary, %d bytes]\n", marker, len(data))
	}
}

// status prints a status line on stderr, unless quiet.
func (p *printer) status(format string, args ...any) {
	if p.quiet {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearPrompt()
	defer p.redrawPrompt()
	prefix := "wasmws: "
	if p.interactive {
		prefix = "* "
	}
	fmt.Fprintf(p.stderr, prefix+format+"\n", args...)
}

// showPrompt shows the prompt, on a terminal.
func (p *printer) showPrompt() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reading = true
	p.promptShown = false // the line typed ended with a newline
	p.redrawPrompt()
}

// hidePrompt stops redrawing the prompt (the input has ended).
func (p *printer) hidePrompt() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearPrompt()
	p.prompt = false
}

func (p *printer) clearPrompt() {
	if p.promptShown {
		io.WriteString(p.stdout, eraseLine)
		p.promptShown = false
	}
}

func (p *printer) redrawPrompt() {
	if p.prompt && p.reading && !p.promptShown {
		io.WriteString(p.stdout, "> ")
		p.promptShown = true
	}
}
