package reconnect

import (
	"testing"

	"github.com/wasmws/wasmws/internal/resumeproto"
)

// TestDroppedSessionFreesNoCredit: messages of a session that was dropped
// (not resumed, or refused with 4401) and that the application takes only
// later free no credit of the new session, whose server never sent them:
// otherwise the new session's server could send the window plus everything
// the old one left unread. A message of the current session frees its bytes.
func TestDroppedSessionFreesNoCredit(t *testing.T) {
	t.Parallel()
	const window = 4096
	rs := newResumeState(&Options{Resume: true, ResumeWindow: window})
	c := &Client{out: newOutbox(100, 1<<20)}
	welcomeNew := func(epoch uint64) {
		t.Helper()
		rs.mu.Lock()
		defer rs.mu.Unlock()
		if _, err := rs.welcome(c, &resumeproto.Frame{Kind: resumeproto.KindWelcome, Status: resumeproto.StatusNew, Token: []byte("token-000000000000"), Epoch: epoch, Limit: window}); err != nil {
			t.Fatal(err)
		}
	}
	limit := func() uint64 {
		rs.mu.Lock()
		defer rs.mu.Unlock()
		return rs.ep.In.Limit()
	}
	welcomeNew(1)
	first := rs.gen
	welcomeNew(2) // the first session was not resumed: a new one
	if rs.gen == first {
		t.Fatalf("a new session kept gen %d", first)
	}
	before := limit()
	rs.consumed(1000, first) // the application takes an old session's message
	if got := limit(); got != before {
		t.Errorf("taking a dropped session's 1000 bytes moved the new session's limit %d → %d", before, got)
	}
	rs.consumed(1000, rs.gen)
	if got := limit(); got != before+1000 {
		t.Errorf("taking the current session's 1000 bytes: limit %d want %d", got, before+1000)
	}
}
