//go:build !js

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strings"
	"time"

	"github.com/wasmws/wasmws/internal/errtree"
	"github.com/wasmws/wasmws/reconnect"
	"github.com/wasmws/wasmws/sdk"
)

// dialConfig is the parsed command line of "wasmws dial".
type dialConfig struct {
	url         string
	protocols   []string
	header      http.Header
	insecure    bool
	noReconnect bool
	minDelay    time.Duration
	maxDelay    time.Duration
	maxRetries  int
	connectWait time.Duration // per attempt
	heartbeat   time.Duration
	binary      bool
	chunk       int
	file        string
	replies     int           // -n: received messages to wait for after the input ends
	execute     []string      // -x: text messages to send instead of reading stdin
	wait        time.Duration // -w: after the input, wait this long without a message before closing
	ca          string        // --ca: PEM file of the certificate authorities to trust
	cert, key   string        // --cert, --key: PEM files of the client certificate and its key
	caPEM       []byte        // the contents of the files above, read by loadTLSFiles
	certPEM     []byte
	keyPEM      []byte
	binaryOut   string
	json        bool
	quiet       bool
}

// Ways to print a received binary message (--binary-output).
const (
	binarySize = "size" // a one-line summary with the size
	binaryHex  = "hex"  // a hex dump
	binaryRaw  = "raw"  // the bytes themselves
)

// dialFlag describes one option for the usage text: its names (short may be
// empty), the name of its argument (empty for a switch) and its help.
type dialFlag struct {
	short, long, arg, help string
}

// dialFlags lists the options in the order the usage text shows them.
var dialFlags = []dialFlag{
	{"p", "protocol", "NAME", "offer subprotocol NAME; repeatable, in order of preference"},
	{"H", "header", "'NAME: VALUE'", "add a header to the opening handshake; repeatable"},
	{"", "origin", "URL", "send Origin: URL"},
	{"k", "insecure", "", "wss: do not verify the server's certificate"},
	{"", "ca", "PATH", "wss: trust the certificate authorities in the PEM file PATH instead of the system's"},
	{"", "cert", "PATH", "wss: present the client certificate (chain) in the PEM file PATH when the server asks for one; needs --key"},
	{"", "key", "PATH", "wss: the private key of --cert, a PEM file"},
	{"", "no-reconnect", "", "one connection (a plain sdk.Conn): when it ends, exit"},
	{"", "min-delay", "DURATION", "shortest wait before reconnecting (default 500ms)"},
	{"", "max-delay", "DURATION", "longest wait before reconnecting (default 30s)"},
	{"", "max-retries", "N", "give up after N consecutive failed reconnection attempts (default 0: never)"},
	{"", "connect-timeout", "DURATION", "bound each connection attempt (default 10s)"},
	{"", "heartbeat", "DURATION", "ping every DURATION; a link silent for twice that is dead (default 0: off)"},
	{"b", "binary", "", "pipe: send stdin as binary messages of --chunk bytes instead of a text message per line"},
	{"", "chunk", "BYTES", "size of the binary messages --binary sends (default 65536)"},
	{"f", "file", "PATH", "send the file as one binary message instead of reading stdin, then close"},
	{"x", "execute", "TEXT", "send TEXT as a text message after connecting, instead of reading stdin; repeatable"},
	{"n", "", "N", "when the input ends, wait for N received messages in all before closing; fewer is an error"},
	{"w", "wait", "DURATION", "when the input ends, keep printing what arrives until none has for DURATION (default 1s; 0: close at once, or wait for -n without bound)"},
	{"", "binary-output", "MODE", "print received binary messages as: size (a summary), hex, raw (the bytes) (default size)"},
	{"", "json", "", "print each received message as a JSON object on one line: type, size, time, data (base64 for binary)"},
	{"q", "quiet", "", "print no status lines on stderr, only errors"},
}

// parseDialFlags parses the command line of "wasmws dial". Like parseFlags,
// it returns flag.ErrHelp for -h and a *usageError for a bad command line.
func parseDialFlags(args []string, stdout, stderr io.Writer) (*dialConfig, error) {
	cfg := &dialConfig{header: http.Header{}, binaryOut: binarySize, chunk: 64 << 10, wait: defaultWait}
	fs := flag.NewFlagSet("dial", flag.ContinueOnError)
	fs.Usage = func() { dialUsage(fs.Output()) }
	var origin string
	both := func(short, long string, register func(name string)) {
		if short != "" {
			register(short)
		}
		if long != "" {
			register(long)
		}
	}
	both("p", "protocol", func(n string) {
		fs.Func(n, "", func(v string) error { cfg.protocols = append(cfg.protocols, v); return nil })
	})
	both("H", "header", func(n string) { fs.Func(n, "", cfg.addHeader) })
	fs.StringVar(&origin, "origin", "", "")
	both("k", "insecure", func(n string) { fs.BoolVar(&cfg.insecure, n, false, "") })
	fs.BoolVar(&cfg.noReconnect, "no-reconnect", false, "")
	fs.DurationVar(&cfg.minDelay, "min-delay", 0, "")
	fs.DurationVar(&cfg.maxDelay, "max-delay", 0, "")
	fs.IntVar(&cfg.maxRetries, "max-retries", 0, "")
	fs.DurationVar(&cfg.connectWait, "connect-timeout", 0, "")
	fs.DurationVar(&cfg.heartbeat, "heartbeat", 0, "")
	both("b", "binary", func(n string) { fs.BoolVar(&cfg.binary, n, false, "") })
	fs.IntVar(&cfg.chunk, "chunk", cfg.chunk, "")
	both("f", "file", func(n string) { fs.StringVar(&cfg.file, n, "", "") })
	fs.IntVar(&cfg.replies, "n", 0, "")
	both("x", "execute", func(n string) {
		fs.Func(n, "", func(v string) error { cfg.execute = append(cfg.execute, v); return nil })
	})
	both("w", "wait", func(n string) { fs.DurationVar(&cfg.wait, n, cfg.wait, "") })
	fs.StringVar(&cfg.ca, "ca", "", "")
	fs.StringVar(&cfg.cert, "cert", "", "")
	fs.StringVar(&cfg.key, "key", "", "")
	fs.StringVar(&cfg.binaryOut, "binary-output", cfg.binaryOut, "")
	fs.BoolVar(&cfg.json, "json", false, "")
	both("q", "quiet", func(n string) { fs.BoolVar(&cfg.quiet, n, false, "") })

	// The URL may come before, between or after the flags.
	var positional []string
	fs.SetOutput(io.Discard)
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(fs, err, stdout, stderr)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch len(positional) {
	case 0:
		return nil, dialUsageError(stderr, "no URL given")
	case 1:
	default:
		return nil, dialUsageError(stderr, "unexpected argument %q", positional[1])
	}
	cfg.url = withScheme(positional[0])
	if origin != "" {
		cfg.header.Set("Origin", origin)
	}
	if err := cfg.check(); err != nil {
		return nil, dialUsageError(stderr, "%s", errtree.Nested(err))
	}
	return cfg, nil
}

// flagError turns an error of fs.Parse into what parseFlags returns:
// flag.ErrHelp after printing the usage on stdout for -h, else a *usageError
// after printing it on stderr.
func flagError(fs *flag.FlagSet, err error, stdout, stderr io.Writer) error {
	if errors.Is(err, flag.ErrHelp) {
		dialUsage(stdout)
		return flag.ErrHelp
	}
	return dialUsageError(stderr, "%v", err)
}

// dialUsageError returns a *usageError: one line, which points to -h
// rather than printing the whole usage on stderr.
func dialUsageError(_ io.Writer, format string, args ...any) error {
	return &usageError{"dial: " + fmt.Sprintf(format, args...) + " (see wasmws dial -h)"}
}

// addHeader adds one -H "Name: value".
func (c *dialConfig) addHeader(v string) error {
	name, value, ok := strings.Cut(v, ":")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return fmt.Errorf("header %q: want 'Name: value'", v)
	}
	c.header.Add(textproto.CanonicalMIMEHeaderKey(name), strings.TrimSpace(value))
	return nil
}

// defaultWait is how long, after the input ends, a quiet link is waited on
// before closing (wscat's -w, at 1s).
const defaultWait = time.Second

// withScheme returns url with "ws://" in front if it names no scheme, as
// wscat does: "localhost:9998/echo" is ws://localhost:9998/echo.
func withScheme(url string) string {
	if url == "" || strings.Contains(url, "://") {
		return url
	}
	return "ws://" + url
}

// check validates what the flag package cannot.
func (c *dialConfig) check() error {
	if _, err := sdk.ParseURL(c.url); err != nil {
		return err
	}
	if err := sdk.ValidateProtocols(c.protocols); err != nil {
		return err
	}
	switch {
	case c.replies < 0:
		return fmt.Errorf("-n %d: want a count of 0 or more", c.replies)
	case c.chunk <= 0:
		return fmt.Errorf("--chunk %d: want a size above 0", c.chunk)
	case c.maxRetries < 0:
		return fmt.Errorf("--max-retries %d: want 0 or more", c.maxRetries)
	case c.minDelay < 0 || c.maxDelay < 0 || c.connectWait < 0 || c.heartbeat < 0 || c.wait < 0:
		return fmt.Errorf("durations must not be negative")
	case c.binaryOut != binarySize && c.binaryOut != binaryHex && c.binaryOut != binaryRaw:
		return fmt.Errorf("--binary-output %q: want size, hex or raw", c.binaryOut)
	case c.noReconnect && (c.minDelay != 0 || c.maxDelay != 0 || c.maxRetries != 0):
		return fmt.Errorf("--no-reconnect does not go with --min-delay, --max-delay or --max-retries")
	case (c.file != "") && c.binary, len(c.execute) > 0 && (c.file != "" || c.binary):
		return fmt.Errorf("--execute, --file and --binary each say what to send: give one")
	}
	return nil
}

// attemptTimeout bounds each connection attempt: --connect-timeout, or
// reconnect's default when it is 0.
func (c *dialConfig) attemptTimeout() time.Duration {
	if c.connectWait == 0 {
		return reconnect.DefaultConnectTimeout
	}
	return c.connectWait
}

// reconnectOptions returns the options of the reconnecting client.
func (c *dialConfig) reconnectOptions() *reconnect.Options {
	o := &reconnect.Options{
		Options:           c.sdkOptions(),
		MinDelay:          c.minDelay,
		MaxDelay:          c.maxDelay,
		MaxRetries:        c.maxRetries,
		ConnectTimeout:    c.connectWait,
		HeartbeatInterval: c.heartbeat,
	}
	// The outbox must hold a whole --file or --chunk message.
	o.MaxQueuedBytes = max(reconnect.DefaultMaxQueuedBytes, 2*int64(c.chunk))
	return o
}

// sdkOptions returns the options of each connection.
func (c *dialConfig) sdkOptions() sdk.Options {
	o := sdk.Options{
		Protocols:          c.protocols,
		InsecureSkipVerify: c.insecure,
		RootCAs:            c.caPEM,
		ClientCertificate:  c.certPEM,
		ClientKey:          c.keyPEM,
	}
	if len(c.header) > 0 {
		o.Header = c.header
	}
	return o
}

// dialUsage writes the usage text of "wasmws dial".
func dialUsage(w io.Writer) {
	fmt.Fprint(w, `usage: wasmws dial [flags] URL

Connects to the WebSocket at URL (ws, wss, http or https; without a scheme,
ws) and reconnects with backoff when the link drops (the first connection is
not retried).

On a terminal it shows a prompt with line editing and history (arrow keys,
Home/End, Ctrl-A/E/K/U/W): each line typed is sent as a text message,
received messages are printed after "< " above the line being typed (binary
ones as --binary-output says), and Ctrl-D or Ctrl-C closes the connection.
Commands: /close [CODE [REASON]], /ping (round trip of a ping), /help; a line
starting with // sends the rest after one slash.

With stdin not a terminal, each line of stdin is sent as a text message
(--binary: stdin in binary messages; --file: one file; -x: the given
messages, without reading stdin). When the input ends, it prints what arrives
until -n messages in all have come, or none has for --wait (1s), then sends
everything still queued, closes with 1000 and exits.

On a terminal, received text is shown with control characters escaped
(ESC as \u001b, invalid UTF-8 as \xff), so a server cannot drive the
terminal. Into a pipe or a file, messages are written exactly as received:
text one per line, binary as --binary-output says.

Exit status: 0 after a clean close (ours, or the server's with 1000), 1 on a
connection error, a close with another code, giving up (--max-retries) or
fewer than -n messages, 2 on a usage error.

flags:
`)
	for _, f := range dialFlags {
		names := "    --" + f.long
		switch {
		case f.long == "":
			names = "-" + f.short
		case f.short != "":
			names = "-" + f.short + ", --" + f.long
		}
		if f.arg != "" {
			names += " " + f.arg
		}
		const col = 22 // where the help starts, after two spaces of indent
		lines := wrap(f.help, 78-col-2)
		if len(names) >= col {
			fmt.Fprintf(w, "  %s\n", names)
			names = ""
		}
		for _, l := range lines {
			fmt.Fprintf(w, "  %-*s  %s\n", col, names, l)
			names = ""
		}
	}
}

// wrap splits s into lines of at most width bytes, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
