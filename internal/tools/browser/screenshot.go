//go:build !js

package browser

import (
	"context"
	"encoding/base64"
	"fmt"
)

// A Screenshotter is a [Page] that can capture what it shows as a PNG.
// Firefox's and WebKit's pages are Screenshotters (Chromium is driven through
// chromedp, which has its own).
type Screenshotter interface {
	// Screenshot returns the page's visible part as a PNG image.
	Screenshot(ctx context.Context) ([]byte, error)
}

// Screenshot captures the tab's viewport (BiDi browsingContext.captureScreenshot).
func (p *firefoxPage) Screenshot(ctx context.Context) ([]byte, error) {
	var shot struct {
		Data string `json:"data"`
	}
	if err := p.f.bidi.call(ctx, "browsingContext.captureScreenshot", map[string]any{"context": p.context}, &shot); err != nil {
		return nil, fmt.Errorf("browser: Firefox: %w", err)
	}
	return base64.StdEncoding.DecodeString(shot.Data)
}

// Screenshot captures the window (WebDriver Take Screenshot).
func (p *webkitPage) Screenshot(ctx context.Context) ([]byte, error) {
	var data string
	if err := p.w.wd.do(ctx, "GET", "/session/"+p.w.session+"/screenshot", nil, &data); err != nil {
		return nil, fmt.Errorf("browser: WebKit: %w", err)
	}
	return base64.StdEncoding.DecodeString(data)
}
