//go:build !js

package browser

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// KindException is the kind [ForwardConsole] gives an uncaught exception or
// an unhandled promise rejection.
const KindException = "exception"

// ForwardConsole calls fn for every message the tab of the chromedp context
// ctx writes to its console, until ctx ends. It starts the browser and opens
// the tab when ctx has none yet.
//
// kind says what the message is:
//
//   - the console method as the DevTools protocol names it ("log", "info",
//     "warning", "error", "debug", "dir", "table", "trace", "assert", ...),
//     for a call of the console API;
//   - [KindException] for an uncaught exception or an unhandled promise
//     rejection; text is the error and its stack;
//   - "browser." and the level ("browser.error", "browser.warning",
//     "browser.info", "browser.verbose") for a message of the browser itself,
//     such as a failed request or a failed WebSocket handshake.
//
// text is the message as the DevTools console shows it, roughly: strings as
// they are, other values by their description or a short preview, and the
// format verbs %s %d %i %f %o %O %c of a first string argument applied.
//
// fn is called on the goroutine that reads the browser's messages, in the
// order the page produced them, interleaved in that order with every other
// [chromedp.Listen] callback of the tab. So it must return quickly, must not
// block, and must not run chromedp actions; hand the message to another
// goroutine when there is work to do.
func ForwardConsole(ctx context.Context, fn func(kind, text string)) error {
	return chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			fn(string(ev.Type), formatArgs(ev.Args))
		case *runtime.EventExceptionThrown:
			fn(KindException, formatException(ev.ExceptionDetails))
		case *log.EventEntryAdded:
			fn("browser."+string(ev.Entry.Level), formatEntry(ev.Entry))
		}
	})
}

// formatException renders an exception as "Uncaught Error: message" and
// the stack, as the DevTools console does.
func formatException(d *runtime.ExceptionDetails) string {
	if d == nil {
		return "exception"
	}
	text := d.Text
	if d.Exception != nil {
		// An Error's description is "Error: message\n    at ..." with its stack.
		text += " " + formatValue(d.Exception)
	} else if d.URL != "" {
		text += fmt.Sprintf(" (%s:%d:%d)", d.URL, d.LineNumber+1, d.ColumnNumber+1)
	}
	return text
}

// formatEntry renders a message of the browser, with the URL it is about.
func formatEntry(e *log.Entry) string {
	if e == nil {
		return ""
	}
	if e.URL == "" {
		return e.Text
	}
	return e.Text + " (" + e.URL + ")"
}
