//go:build !js

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// lineReader is where "wasmws dial" reads the lines it sends: the line
// editor on a terminal, or a plain reader on a pipe.
type lineReader interface {
	// ReadLine returns the next line without its line ending, or io.EOF
	// when the input has ended (Ctrl-D or Ctrl-C at the editor).
	ReadLine() (string, error)
}

// editor is the line editor of an interactive session, on
// golang.org/x/term's Terminal: the arrow keys move in the line and through
// the history (Up, Down), Home/End, Ctrl-A/E/K/U/W and Alt-B/F edit it, and
// what is printed while a line is half typed goes above it, the line kept
// as it was. The terminal is in raw mode while it runs, so Ctrl-C arrives as
// a key (it ends the input, as Ctrl-D does) rather than as a signal.
//
// x/term was chosen over readline libraries (chzyer/readline, peterh/liner,
// ergochat/readline) because it is maintained by the Go team, has no
// dependency beyond x/sys, and its Terminal.Write redraws the prompt and the
// half-typed line after concurrent output, which is what a client printing
// messages as they arrive needs; the others either lack that or need their
// own output wrappers.
type editor struct {
	t       *term.Terminal
	fd      int
	state   *term.State
	stopped chan struct{}
}

// startEditor puts the terminal in into raw mode and returns the editor, or
// an error if it is not a terminal. Call stop to restore the terminal.
func startEditor(in, out *os.File) (*editor, error) {
	fd := int(in.Fd())
	state, err := term.MakeRaw(fd)
	if err != nil {
		return nil, fmt.Errorf("line editor: %w", err)
	}
	e := newEditor(readWriter{in, out})
	e.fd, e.state = fd, state
	e.resize(int(out.Fd()))
	go e.followSize(int(out.Fd()))
	return e, nil
}

// newEditor returns an editor on rw, a terminal already in raw mode (or a
// test's stand-in for one).
func newEditor(rw io.ReadWriter) *editor {
	return &editor{t: term.NewTerminal(rw, "> "), fd: -1, stopped: make(chan struct{})}
}

// readWriter joins a reader and a writer.
type readWriter struct {
	io.Reader
	io.Writer
}

// ReadLine reads one edited line; history keeps the lines read.
func (e *editor) ReadLine() (string, error) { return e.t.ReadLine() }

// Write prints b above the prompt and the half-typed line.
func (e *editor) Write(b []byte) (int, error) { return e.t.Write(b) }

// resize tells the editor the terminal's width, for wrapping long lines.
func (e *editor) resize(fd int) {
	if w, h, err := term.GetSize(fd); err == nil {
		_ = e.t.SetSize(w, h)
	}
}

// stop clears the prompt and restores the terminal's mode.
func (e *editor) stop() {
	close(e.stopped)
	e.t.SetPrompt("")
	_, _ = e.t.Write(nil) // redraws the (now empty) prompt line
	if e.state != nil {
		_ = term.Restore(e.fd, e.state)
	}
}

// pipeLines reads the lines of a pipe (or of a terminal without the editor).
type pipeLines struct{ r *bufio.Reader }

func newPipeLines(r io.Reader) *pipeLines { return &pipeLines{bufio.NewReaderSize(r, 64<<10)} }

// ReadLine returns the next line without "\n" or "\r\n"; a last line without
// a line ending counts, and io.EOF comes after it.
func (p *pipeLines) ReadLine() (string, error) {
	line, err := p.r.ReadString('\n')
	if err == io.EOF && line != "" {
		err = nil
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("reading stdin: %w", err)
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), err
}
