//go:build !js

package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// webDriver is a minimal client of classic WebDriver
// (https://w3c.github.io/webdriver/): JSON over HTTP to a driver.
type webDriver struct {
	base string // http://127.0.0.1:PORT
}

// do sends method path with the JSON of body (when not nil) and decodes the
// "value" of the answer into result (when not nil).
func (d *webDriver) do(ctx context.Context, method, path string, body, result any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.base+path, r)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	var answer struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&answer); err != nil {
		return fmt.Errorf("%s %s: %s: %w", method, path, resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		json.Unmarshal(answer.Value, &e)
		return fmt.Errorf("%s %s: %s: %s: %s", method, path, resp.Status, e.Error, e.Message)
	}
	if result != nil {
		return json.Unmarshal(answer.Value, result)
	}
	return nil
}
