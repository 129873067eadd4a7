//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wasmws/wasmws/sdk"
)

// Slash commands, typed at the interactive prompt. A line starting with "//"
// sends the rest with one slash less; any other line is a message.
const slashHelp = `commands:
  /close [CODE [REASON]]  close with CODE (1000 or 3000-4999, default 1000) and exit
  /ping                   send a ping on the open connection and show the round trip
  /help                   this list
  //TEXT                  send "/TEXT"`

// closedByCommand ends the input after /close closed the session; err is
// how the close went (nil if cleanly).
type closedByCommand struct{ err error }

func (c *closedByCommand) Error() string { return "closed by /close" }

// slashCommand reports whether line is a command, and returns its words.
func slashCommand(line string) ([]string, bool) {
	if !strings.HasPrefix(line, "/") || strings.HasPrefix(line, "//") {
		return nil, false
	}
	return strings.Fields(line[1:]), true
}

// unescapeSlash turns "//text" into "/text".
func unescapeSlash(line string) string {
	if strings.HasPrefix(line, "//") {
		return line[1:]
	}
	return line
}

// runSlash runs one command. It returns a *closedByCommand after a /close
// that closed the session; a mistyped command prints a hint and returns nil.
func runSlash(ctx context.Context, s session, words []string, out *printer) error {
	name := ""
	if len(words) > 0 {
		name = words[0]
	}
	switch name {
	case "close":
		code, reason, err := parseCloseArgs(words[1:])
		if err != nil {
			out.status("%v", err)
			return nil
		}
		err = s.closeWith(code, reason)
		if errors.Is(err, sdk.ErrInvalidAccess) || errors.Is(err, sdk.ErrSyntax) {
			out.status("/close: %s", describe(err))
			return nil
		}
		if err == nil {
			out.status("%s", closeText(sdk.CloseError{Code: code, Reason: reason, WasClean: true}))
		}
		return &closedByCommand{err}
	case "ping":
		start := time.Now()
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		switch err := s.ping(pctx); {
		case errors.Is(err, errNotConnected):
			out.status("/ping: %v", err)
		case err != nil:
			out.status("/ping: %s", describe(err))
		default:
			out.status("pong in %v", time.Since(start).Round(10*time.Microsecond))
		}
	case "help":
		for l := range strings.SplitSeq(slashHelp, "\n") {
			out.status("%s", l)
		}
	default:
		out.status("unknown command %q: /help lists them; //text sends \"/text\"", "/"+name)
	}
	return nil
}

// parseCloseArgs reads "[CODE [REASON...]]".
func parseCloseArgs(args []string) (sdk.StatusCode, string, error) {
	if len(args) == 0 {
		return sdk.StatusNormalClosure, "", nil
	}
	code, err := strconv.Atoi(args[0])
	if err != nil {
		return 0, "", fmt.Errorf("/close %s: the code is a number: 1000 or 3000-4999", args[0])
	}
	return sdk.StatusCode(code), strings.Join(args[1:], " "), nil
}
