//go:build !js

package batchconn

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"
)

// recordingConn records what each Write to the network carried.
type recordingConn struct {
	net.Conn
	writes []string
	fail   error
}

func (r *recordingConn) Write(p []byte) (int, error) {
	if r.fail != nil {
		return 0, r.fail
	}
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

// step is one call on a Conn: a Write of write (batching as batch says
// first), or a Flush.
type step struct {
	batch bool
	write string
	flush bool
}

func TestConnWrites(t *testing.T) {
	big := strings.Repeat("k", MaxBatch-1)
	testCases := []struct {
		name  string
		steps []step
		want  []string // the writes to the network
	}{
		{"not batching", []step{{write: "a"}, {write: "b"}}, []string{"a", "b"}},
		{"a run ends with a write not batched", []step{{batch: true, write: "a"}, {batch: true, write: "b"}, {write: "c"}, {write: "d"}}, []string{"abc", "d"}},
		{"flush sends what is kept, once", []step{{batch: true, write: "a"}, {batch: true, write: "b"}, {flush: true}, {flush: true}}, []string{"ab"}},
		{"flush with nothing kept", []step{{flush: true}, {write: "a"}}, []string{"a"}},
		// Over MaxBatch: written at once, after what is kept (a writev on a
		// TCP connection, a write per part here).
		{"beyond MaxBatch", []step{{batch: true, write: big}, {batch: true, write: "xy"}, {flush: true}}, []string{big, "xy"}},
		{"a run again after a flush", []step{{batch: true, write: "a"}, {flush: true}, {batch: true, write: "b"}, {write: "c"}}, []string{"a", "bc"}},
	}
	for _, tc := range testCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &recordingConn{}
			c := &Conn{Conn: rec}
			for _, s := range tc.steps {
				if s.flush {
					c.Batch(false)
					if err := c.Flush(); err != nil {
						t.Fatalf("Flush: %v", err)
					}
					continue
				}
				c.Batch(s.batch)
				if n, err := c.Write([]byte(s.write)); n != len(s.write) || err != nil {
					t.Fatalf("Write(%d bytes) = %d, %v want %d, nil", len(s.write), n, err, len(s.write))
				}
			}
			if !slices.Equal(rec.writes, tc.want) {
				t.Errorf("writes %q want %q", short(rec.writes), short(tc.want))
			}
		})
	}
}

// TestConnWriteError: a write that fails returns the error, and what was
// kept is gone with it (the connection failed).
func TestConnWriteError(t *testing.T) {
	failed := errors.New("cut")
	rec := &recordingConn{}
	c := &Conn{Conn: rec}
	c.Batch(true)
	c.Write([]byte("a"))
	c.Batch(false)
	rec.fail = failed
	if _, err := c.Write([]byte("b")); !errors.Is(err, failed) {
		t.Fatalf("Write = %v want %v", err, failed)
	}
	rec.fail = nil
	if err := c.Flush(); err != nil || len(rec.writes) != 0 {
		t.Errorf("Flush after the failure = %v, writes %q want nil, none", err, rec.writes)
	}
}

// short shortens long strings for a failure message.
func short(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		if len(w) > 8 {
			w = fmt.Sprintf("%s… (%d bytes)", w[:4], len(w))
		}
		out[i] = w
	}
	return out
}
