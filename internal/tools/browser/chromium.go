//go:build !js

package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// chromium is a Browser on the first tab context of [New].
type chromium struct {
	ctx    context.Context // the first tab's chromedp context
	cancel context.CancelFunc
	once   sync.Once
}

func startChromium(ctx context.Context, o StartOptions) (Browser, error) {
	// The browser outlives the ctx of Start, which bounds only the start.
	bctx, cancel, err := New(context.WithoutCancel(ctx), &Options{Output: o.Output})
	if err != nil {
		return nil, err
	}
	return &chromium{ctx: bctx, cancel: cancel}, nil
}

func (c *chromium) Engine() string { return Chromium }

func (c *chromium) Done() <-chan struct{} { return chromedp.FromContext(c.ctx).Browser.LostConnection }

func (c *chromium) Close() error {
	c.once.Do(c.cancel)
	return nil
}

// Open opens a new tab. chromedp enables the Network domain in it, which
// makes Chromium copy every WebSocket frame, base64-encoded, into a DevTools
// event: tests that move MiBs would measure the debugger, not the code
// (bench/README.md), so Open disables it again.
func (c *chromium) Open(ctx context.Context, url string) (Page, error) {
	tctx, cancel := chromedp.NewContext(c.ctx)
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	if _, err := chromedp.Call(tctx, network.Disable, cdp.Empty{}); err != nil {
		cancel()
		return nil, fmt.Errorf("browser: opening a Chromium tab: %w", err)
	}
	res, err := chromedp.Call(tctx, page.Navigate, page.NavigateParams{URL: url})
	if err == nil && res.ErrorText != "" {
		err = fmt.Errorf("%s", res.ErrorText)
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("browser: opening %s in Chromium: %w", url, err)
	}
	return &chromiumPage{ctx: tctx, cancel: cancel}, nil
}

// chromiumPage is one tab; cancelling its context closes it.
type chromiumPage struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (p *chromiumPage) Close(context.Context) error {
	p.cancel()
	return nil
}

func (p *chromiumPage) StartProfile(context.Context) error {
	if _, err := chromedp.Call(p.ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return err
	}
	_, err := chromedp.Call(p.ctx, profiler.Start, cdp.Empty{})
	return err
}

func (p *chromiumPage) StopProfile(context.Context) ([]byte, error) {
	res, err := chromedp.Call(p.ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	return json.Marshal(res.Profile)
}
