//go:build !js

package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/wasmws/wasmws/internal/resumeproto"
	"github.com/wasmws/wasmws/resume"
)

// ErrUnavailable matches the errors of a Store whose Redis did not answer,
// or answered with an error.
var ErrUnavailable = errors.New("wasmws: resume store: redis unavailable")

// Options configures a [Store]. The zero value means the defaults.
type Options struct {
	// Prefix begins every key of the store; stores with different
	// prefixes share a Redis without seeing each other. Zero means
	// "{wasmws:resume}:". Keep a hash tag ({...}) in it for Redis Cluster:
	// each script touches the keys of several sessions.
	Prefix string
	// MaxBytes bounds the replay buffer bytes reserved by all sessions
	// together; Create fails with resume.ErrFull past it. Zero means
	// 256 MiB.
	MaxBytes int64
	// MaxSessions bounds the sessions held. Zero means 10,000.
	MaxSessions int
	// TombstoneTTL is how long an expired session's tombstone answers
	// Claim with its counts. Zero means 10 minutes.
	TombstoneTTL time.Duration
	// Grace is how long after a detached session's expiry Redis deletes
	// its keys by itself, should no process have swept it. Zero means
	// 1 minute.
	Grace time.Duration
	// Lease is how long an attached session stays in Redis after its last
	// write (any message either way, or acknowledgement, writes): the
	// bound for a session whose process died without detaching it and
	// whose client never came back. A session idle for longer while
	// attached is expired, and its next resume is not honoured. Zero means
	// 1 hour.
	Lease time.Duration
	// Timeout bounds each call to Redis, connecting included. Zero means
	// 2 seconds.
	Timeout time.Duration
}

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Prefix == "" {
		c.Prefix = "{wasmws:resume}:"
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 256 << 20
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = 10_000
	}
	if c.TombstoneTTL <= 0 {
		c.TombstoneTTL = 10 * time.Minute
	}
	if c.Grace <= 0 {
		c.Grace = time.Minute
	}
	if c.Lease <= 0 {
		c.Lease = time.Hour
	}
	if c.Timeout <= 0 {
		c.Timeout = 2 * time.Second
	}
	return c
}

// Store is a [resume.Store] in Redis. Create it with [New]; close it with
// Close. It is safe for concurrent use, by any number of processes.
type Store struct {
	opts Options
	rdb  *redis.Client
}

var _ resume.Store = (*Store)(nil)

// New returns a Store on the Redis at url (redis://[user:password@]host:port/db,
// or rediss:// for TLS). It does not contact Redis (see [Store.Ping]); it
// fails only on a malformed url. opts may be nil.
func New(url string, opts *Options) (*Store, error) {
	o := opts.withDefaults()
	ro, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("wasmws: resume store: %w", err)
	}
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout, ro.PoolTimeout = o.Timeout, o.Timeout, o.Timeout, o.Timeout
	ro.ContextTimeoutEnabled = true
	ro.MaxRetries = -1 // a script is retried by its caller, who knows the epoch
	return &Store{opts: o, rdb: redis.NewClient(ro)}, nil
}

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	return unavailable(s.rdb.Ping(ctx).Err())
}

// Close closes the connections to Redis.
func (s *Store) Close() error { return s.rdb.Close() }

// Usage returns the sessions held, the bytes reserved for their replay
// buffers and the payload bytes those buffers hold now, across every
// process sharing the store.
func (s *Store) Usage(ctx context.Context) (sessions int, reserved, bytes int64, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	v, err := s.rdb.HMGet(ctx, s.opts.Prefix+"g", "sessions", "reserved", "bytes").Result()
	if err != nil {
		return 0, 0, 0, unavailable(err)
	}
	n := func(x any) int64 {
		str, _ := x.(string)
		i, _ := strconv.ParseInt(str, 10, 64)
		return i
	}
	return int(n(v[0])), n(v[1]), n(v[2]), nil
}

// Create implements [resume.Store].
func (s *Store) Create(ctx context.Context, rec resume.Record) error {
	st, err := s.status(ctx, createScript, rec.ID,
		s.opts.TombstoneTTL.Milliseconds(), s.opts.MaxSessions, s.opts.MaxBytes,
		hashArg(rec.Current), hashArg(rec.Pending), rec.Epoch, rec.Protocol,
		rec.InSeq, rec.InOffset, rec.OutAcked, rec.OutSent, rec.Limit, rec.Reserve, rec.OutOffset,
		s.opts.Lease.Milliseconds(), s.opts.Grace.Milliseconds())
	if err != nil {
		return err
	}
	switch st {
	case "full":
		return resume.ErrFull
	case "exists":
		return fmt.Errorf("wasmws: resume store: session %s exists", rec.ID)
	}
	return s.ok(st)
}

// Claim implements [resume.Store].
func (s *Store) Claim(ctx context.Context, id string, secret, next resume.Hash, ack uint64) (resume.Claimed, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	res, err := claimScript.Run(ctx, s.rdb, s.keys(id), s.opts.Prefix, id,
		s.opts.TombstoneTTL.Milliseconds(), secret[:], next[:], ack,
		s.opts.Lease.Milliseconds(), s.opts.Grace.Milliseconds()).Slice()
	if err != nil {
		return resume.Claimed{}, unavailable(err)
	}
	str := func(i int) string { v, _ := res[i].(string); return v }
	switch str(0) {
	case "ok":
	case "unknown":
		return resume.Claimed{}, resume.ErrUnknown
	case "refused":
		return resume.Claimed{}, resume.ErrRefused
	case "ack":
		return resume.Claimed{}, resume.ErrAckOutOfRange
	case "expired":
		return resume.Claimed{}, &resume.ExpiredError{Ack: u64(str(1)), Sent: u64(str(2))}
	default:
		return resume.Claimed{}, s.ok(str(0))
	}
	if len(res) < 12 {
		return resume.Claimed{}, fmt.Errorf("%w: claim answered %d fields", ErrUnavailable, len(res))
	}
	var c resume.Claimed
	r := &c.Record
	r.ID = id
	copy(r.Current[:], str(1))
	copy(r.Pending[:], str(2))
	r.Epoch, r.Protocol = u64(str(3)), str(4)
	r.InSeq, r.InOffset, r.OutAcked, r.OutSent, r.Limit = u64(str(5)), u64(str(6)), u64(str(7)), u64(str(8)), u64(str(9))
	r.Reserve, _ = strconv.ParseInt(str(10), 10, 64)
	r.OutOffset = u64(str(11))
	for i := 12; i < len(res); i++ {
		m, ok := decodeMessage(str(i))
		if !ok {
			return resume.Claimed{}, fmt.Errorf("%w: a malformed replay element", ErrUnavailable)
		}
		c.Replay = append(c.Replay, m)
	}
	return c, nil
}

// Confirm implements [resume.Store].
func (s *Store) Confirm(ctx context.Context, id string, epoch uint64) error {
	return s.fenced(ctx, confirmScript, id, epoch, s.opts.Lease.Milliseconds(), s.opts.Grace.Milliseconds())
}

// Append implements [resume.Store].
func (s *Store) Append(ctx context.Context, id string, epoch uint64, m resumeproto.Message, p resume.Progress) error {
	return s.fenced(ctx, appendScript, id, epoch, p.InSeq, p.InOffset, p.OutAcked, p.Limit, encodeMessage(m), m.Seq,
		s.opts.Lease.Milliseconds(), s.opts.Grace.Milliseconds())
}

// Update implements [resume.Store].
func (s *Store) Update(ctx context.Context, id string, epoch uint64, p resume.Progress) error {
	return s.fenced(ctx, updateScript, id, epoch, p.InSeq, p.InOffset, p.OutAcked, p.Limit,
		s.opts.Lease.Milliseconds(), s.opts.Grace.Milliseconds())
}

// Detach implements [resume.Store].
func (s *Store) Detach(ctx context.Context, id string, epoch uint64, ttl time.Duration) error {
	return s.fenced(ctx, detachScript, id, epoch, max(ttl.Milliseconds(), 1), s.opts.Grace.Milliseconds())
}

// Delete implements [resume.Store].
func (s *Store) Delete(ctx context.Context, id string, epoch uint64, tombstone bool) error {
	var ttl int64
	if tombstone {
		ttl = s.opts.TombstoneTTL.Milliseconds()
	}
	return s.fenced(ctx, deleteScript, id, epoch, ttl)
}

// fenced runs one of the scripts that check the epoch.
func (s *Store) fenced(ctx context.Context, sc *redis.Script, id string, epoch uint64, args ...any) error {
	st, err := s.status(ctx, sc, id, append([]any{epoch}, args...)...)
	if err != nil {
		return err
	}
	return s.ok(st)
}

// status runs sc on session id with ARGV = prefix, id, args... and returns
// the status it answers.
func (s *Store) status(ctx context.Context, sc *redis.Script, id string, args ...any) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	st, err := sc.Run(ctx, s.rdb, s.keys(id), append([]any{s.opts.Prefix, id}, args...)...).Text()
	return st, unavailable(err)
}

// ok maps a script's status to an error.
func (s *Store) ok(st string) error {
	switch st {
	case "ok":
		return nil
	case "unknown":
		return resume.ErrUnknown
	case "superseded":
		return resume.ErrSuperseded
	}
	return fmt.Errorf("%w: a script answered %q", ErrUnavailable, st)
}

// keys returns the KEYS of a script on session id.
func (s *Store) keys(id string) []string {
	p := s.opts.Prefix
	return []string{p + "s:" + id, p + "r:" + id, p + "t:" + id, p + "g", p + "v", p + "b", p + "x"}
}

// unavailable wraps a Redis error so that it matches ErrUnavailable.
func unavailable(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// hashArg is a hash as a script argument: empty for the zero hash.
func hashArg(h resume.Hash) []byte {
	if h == (resume.Hash{}) {
		return []byte{}
	}
	return h[:]
}

// encodeMessage is m as a replay element: 16 hex digits of seq, the type
// byte, the payload.
func encodeMessage(m resumeproto.Message) []byte {
	b := make([]byte, 0, 17+len(m.Payload))
	b = fmt.Appendf(b, "%016x", m.Seq)
	b = append(b, m.Type)
	return append(b, m.Payload...)
}

func decodeMessage(e string) (resumeproto.Message, bool) {
	if len(e) < 17 {
		return resumeproto.Message{}, false
	}
	seq, err := strconv.ParseUint(e[:16], 16, 64)
	if err != nil {
		return resumeproto.Message{}, false
	}
	return resumeproto.Message{Seq: seq, Type: e[16], Payload: []byte(e[17:])}, true
}

func u64(s string) uint64 {
	v, _ := strconv.ParseUint(s, 10, 64)
	return v
}
