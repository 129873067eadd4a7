//go:build !js

package sdk_test

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wasmws/wasmws/sdk"
	"github.com/wasmws/wasmws/server"
)

// TestInsecureSkipVerify dials a TLS server with a self-signed certificate.
// Native only: in the browser the option is ErrUnsupported (TestHeaderOption's
// twin, TestInsecureOption, checks that on both targets), and a page cannot
// start a TLS server.
func TestInsecureSkipVerify(t *testing.T) {
	srv := httptest.NewTLSServer(server.New(server.Options{}))
	defer srv.Close()
	url := "wss" + strings.TrimPrefix(srv.URL, "https") + "/echo"

	_, err := sdk.Dial(testContext(t), url, nil)
	var ce sdk.CloseError
	if !errors.As(err, &ce) || ce.Code != sdk.StatusAbnormalClosure {
		t.Fatalf("Dial(self-signed) = %v, want a 1006 failure", err)
	}
	c, err := sdk.Dial(testContext(t), url, &sdk.Options{InsecureSkipVerify: true})
	if err != nil {
		t.Fatalf("Dial(self-signed, InsecureSkipVerify) = %v", err)
	}
	defer c.Close(sdk.StatusNormalClosure, "")
	if err := c.SendText(testContext(t), "over TLS"); err != nil {
		t.Fatalf("Send() = %v", err)
	}
	if _, p := receive(t, c); string(p) != "over TLS" {
		t.Errorf("echo = %q", p)
	}
}
