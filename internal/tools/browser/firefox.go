//go:build !js

package browser

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// EnvFirefox names the Firefox binary, as a path or a name on $PATH.
const EnvFirefox = "WASMWS_FIREFOX"

// firefoxPrefs are written to the fresh profile's user.js: no first-run
// pages, updates, telemetry or network probes, which a machine without
// internet access never answers.
const firefoxPrefs = `user_pref("app.update.disabledForTesting", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.startup.page", 0);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("browser.safebrowsing.update.enabled", false);
user_pref("dom.max_script_run_time", 0);
user_pref("dom.max_chrome_script_run_time", 0);
`

// firefoxStartTimeout bounds the wait for the BiDi endpoint: 5-15 s were
// measured on a loaded 2-core machine (issue 10).
const firefoxStartTimeout = 90 * time.Second

// firefox is a headless Firefox driven over WebDriver BiDi, with no
// geckodriver: Firefox serves BiDi itself.
type firefox struct {
	proc    *proc
	profile string
	bidi    *bidi
	once    sync.Once
}

func startFirefox(ctx context.Context, o StartOptions) (_ Browser, err error) {
	path, err := findExec("Firefox", EnvFirefox, "firefox-esr", "/usr/bin/firefox-esr", "firefox-esr", "firefox")
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "wasmws-firefox-*")
	if err != nil {
		return nil, err
	}
	f := &firefox{profile: profile}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(firefoxPrefs), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(path, "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", "0", "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	out := o.Output
	if out == nil {
		out = io.Discard
	}
	cmd.Stdout = out
	if f.proc, err = startProc(cmd); err != nil {
		return nil, fmt.Errorf("browser: starting %s: %w", path, err)
	}
	urls := make(chan string, 1)
	go scanFirefoxLog(stderr, out, urls)

	ctx, cancel := context.WithTimeout(ctx, firefoxStartTimeout)
	defer cancel()
	var url string
	select {
	case url = <-urls:
	case <-f.proc.done:
		return nil, fmt.Errorf("browser: starting %s: %w", path, errExited)
	case <-ctx.Done():
		return nil, fmt.Errorf("browser: starting %s: no WebDriver BiDi endpoint: %w", path, context.Cause(ctx))
	}
	if f.bidi, err = dialBiDi(ctx, url+"/session"); err != nil {
		return nil, fmt.Errorf("browser: connecting to Firefox at %s: %w", url, err)
	}
	if err := f.bidi.call(ctx, "session.new", map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		return nil, fmt.Errorf("browser: Firefox: %w", err)
	}
	return f, nil
}

// scanFirefoxLog copies Firefox's stderr to out and sends the URL of the
// line "WebDriver BiDi listening on ws://..." to urls.
func scanFirefoxLog(r io.Reader, out io.Writer, urls chan<- string) {
	const marker = "WebDriver BiDi listening on "
	sc := bufio.NewScanner(r)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(out, line)
		if _, url, ok := strings.Cut(line, marker); ok && !sent {
			urls <- strings.TrimSpace(url)
			sent = true
		}
	}
	io.Copy(out, r)
}

func (f *firefox) Engine() string { return Firefox }

func (f *firefox) Done() <-chan struct{} { return f.proc.done }

func (f *firefox) Open(ctx context.Context, url string) (Page, error) {
	var tab struct {
		Context string `json:"context"`
	}
	if err := f.bidi.call(ctx, "browsingContext.create", map[string]any{"type": "tab"}, &tab); err != nil {
		return nil, fmt.Errorf("browser: Firefox: %w", err)
	}
	p := &firefoxPage{f: f, context: tab.Context}
	err := f.bidi.call(ctx, "browsingContext.navigate", map[string]any{"context": tab.Context, "url": url, "wait": "none"}, nil)
	if err != nil {
		p.Close(ctx)
		return nil, fmt.Errorf("browser: Firefox: %w", err)
	}
	return p, nil
}

// Close asks Firefox to close (browser.close ends the session too), then
// stops the process and removes the profile.
func (f *firefox) Close() error {
	f.once.Do(func() {
		if f.bidi != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			f.bidi.call(ctx, "browser.close", map[string]any{}, nil)
			cancel()
			f.bidi.close()
		}
		if f.proc != nil {
			select {
			case <-f.proc.done:
			case <-time.After(5 * time.Second):
			}
			f.proc.stop()
		}
		os.RemoveAll(f.profile)
	})
	return nil
}

// firefoxPage is one tab, a BiDi browsing context.
type firefoxPage struct {
	f       *firefox
	context string
}

func (p *firefoxPage) Close(ctx context.Context) error {
	return p.f.bidi.call(ctx, "browsingContext.close", map[string]any{"context": p.context}, nil)
}
