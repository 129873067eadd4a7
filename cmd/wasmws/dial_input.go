//go:build !js

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wasmws/wasmws/sdk"
)

// errSessionEnded reports that the input stopped because the session ended
// under it; the session's own result says how.
var errSessionEnded = errors.New("session ended")

// sendInput sends what the command line says to send (the lines of in, its
// bytes in chunks with --binary, or the --file) and returns nil when it is all
// accepted.
func sendInput(ctx context.Context, s session, cfg *dialConfig, in io.Reader, out *printer) error {
	switch {
	case cfg.file != "":
		data, err := os.ReadFile(cfg.file)
		if err != nil {
			return err
		}
		return sendErr(s.Send(ctx, sdk.Binary, data))
	case cfg.binary:
		return sendChunks(ctx, s, in, cfg.chunk)
	}
	return sendLines(ctx, s, in, out)
}

// sendChunks sends in as binary messages of size bytes, the last shorter.
func sendChunks(ctx context.Context, s session, in io.Reader, size int) error {
	buf := make([]byte, size)
	for {
		n, err := io.ReadFull(in, buf)
		if n > 0 {
			if err := s.Send(ctx, sdk.Binary, buf[:n]); err != nil { // Send copies
				return sendErr(err)
			}
		}
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return nil
		case err != nil:
			return fmt.Errorf("reading stdin: %w", err)
		}
	}
}

// sendLines sends each line of in as a text message, without its line
// ending. On a terminal it shows the prompt and skips empty lines; in a pipe
// an empty line is an empty message.
func sendLines(ctx context.Context, s session, in io.Reader, out *printer) error {
	r := bufio.NewReaderSize(in, 64<<10)
	for n := 1; ; n++ {
		out.showPrompt()
		line, err := r.ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("reading stdin: %w", err)
		}
		eof := err == io.EOF
		if eof && line == "" {
			return nil
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		if line != "" || !out.interactive {
			if err := s.Send(ctx, sdk.Text, []byte(line)); err != nil {
				if errors.Is(err, sdk.ErrInvalidMessage) {
					return fmt.Errorf("line %d is not valid UTF-8: send it with --binary", n)
				}
				return sendErr(err)
			}
		}
		if eof {
			return nil
		}
	}
}

// sendErr maps the error of a Send: the session having ended, or ctx (a
// signal), both end the input without an error of their own.
func sendErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sdk.ErrClosed), errors.Is(err, context.Canceled):
		return errSessionEnded
	}
	return err
}
