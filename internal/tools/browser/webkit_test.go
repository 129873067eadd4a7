//go:build linux && !js

// Linux only: freeport.ListenedBy reads /proc (elsewhere any answer counts).

package browser

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"testing"
)

// TestDriverReadyNotAnotherProcess: a WebKitWebDriver whose port another
// process answers on (another test's driver that took the port first) is
// not taken as ready: the wait goes on until the driver itself exits
// (unable to bind, it would), and reports that, so that startWebKitDriver
// tries another port.
func TestDriverReadyNotAnotherProcess(t *testing.T) {
	t.Parallel()
	// The other process: this test, answering /status as a driver would.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"value":{"ready":true}}`))
	})}
	go srv.Serve(ln)
	defer srv.Close()

	// The driver: a process that does not listen, ended once /status has
	// been answered at least once (the handler above saw it).
	driver, err := startProc(exec.Command("sleep", "60"))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.stop()
	wd := &webDriver{base: "http://127.0.0.1:" + strconv.Itoa(port)}
	if err := wd.do(context.Background(), "GET", "/status", nil, nil); err != nil {
		t.Fatalf("the other process's /status: %v", err)
	}
	result := make(chan error, 1)
	go func() { result <- waitDriverReady(context.Background(), wd, driver, port, nil) }()
	select {
	case err := <-result:
		t.Fatalf("waitDriverReady = %v while the driver runs and another process answers; want it to go on waiting", err)
	case <-driver.done:
		t.Fatal("the driver exited by itself")
	default:
	}
	driver.stop()
	if err := <-result; !errors.Is(err, errExited) {
		t.Fatalf("waitDriverReady = %v after the driver exited; want errExited", err)
	}
}
