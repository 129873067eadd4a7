//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/wasmws/wasmws/sdk"
)

// errSessionEnded reports that the input stopped because the session ended
// under it; the session's own result says how.
var errSessionEnded = errors.New("session ended")

// sendInput sends what the command line says to send (the -x messages, the
// --file, stdin in --binary chunks, or the lines of lines) and returns nil
// when it is all accepted.
func sendInput(ctx context.Context, s session, cfg *dialConfig, in io.Reader, lines lineReader, out *printer) error {
	switch {
	case len(cfg.execute) > 0:
		for _, m := range cfg.execute {
			if err := sendText(ctx, s, m); err != nil {
				return err
			}
		}
		return nil
	case cfg.file != "":
		data, err := os.ReadFile(cfg.file)
		if err != nil {
			return err
		}
		return sendErr(s.Send(ctx, sdk.Binary, data))
	case cfg.binary:
		return sendChunks(ctx, s, in, cfg.chunk)
	}
	return sendLines(ctx, s, lines, out)
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

// sendLines sends each line as a text message. Interactively it skips empty
// lines and runs the slash commands (see runSlash); in a pipe every line is
// a message, an empty line an empty message.
func sendLines(ctx context.Context, s session, lines lineReader, out *printer) error {
	for n := 1; ; n++ {
		line, err := lines.ReadLine()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if out.interactive {
			if line == "" {
				continue
			}
			if cmd, ok := slashCommand(line); ok {
				if err := runSlash(ctx, s, cmd, out); err != nil {
					return err
				}
				continue
			}
			line = unescapeSlash(line)
		}
		if err := sendText(ctx, s, line); err != nil {
			if errors.Is(err, sdk.ErrInvalidMessage) {
				return fmt.Errorf("line %d is not valid UTF-8: send it with --binary", n)
			}
			return err
		}
	}
}

// sendText sends one text message.
func sendText(ctx context.Context, s session, text string) error {
	return sendErr(s.Send(ctx, sdk.Text, []byte(text)))
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
