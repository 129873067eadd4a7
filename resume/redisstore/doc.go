//go:build !js

// Package redisstore keeps the sessions of package resume in Redis, so that
// a client's resume may land on any of several server processes sharing one
// Redis, and a restarted process finds what its sessions' clients were told.
// [Store] implements [resume.Store]:
//
//	store, err := redisstore.New("redis://127.0.0.1:6379/0", nil)
//	srv := resume.NewServer(handler, &resume.Options{Store: store})
//
// `wasmws serve -resume-store redis://HOST:PORT/DB` runs the bundled server
// on it.
//
// # Atomicity and fencing
//
// Every method is one Lua script, which Redis runs atomically: a session's
// record and replay buffer never change half-way. Every write but Create and
// Claim carries the epoch its caller claimed; a session claimed since then
// has a newer epoch, and the write fails with [resume.ErrSuperseded] having
// changed nothing. So when two processes race for one session, the later
// Claim wins and everything the earlier claimer writes afterwards is
// refused.
//
// # Bounds
//
// The bounds of [resume.MemoryStore] hold across every process sharing the
// Redis: [Options.MaxSessions] sessions and [Options.MaxBytes] bytes of
// replay buffer reserved (Record.Reserve each), kept in counters in Redis
// that Create checks and raises in the same script. A detached session
// expires after its TTL: the next Create or Claim (of any process) sweeps
// it, releasing its reserve and leaving a tombstone with its counts for
// [Options.TombstoneTTL] (a Redis key with that expiry). An attached
// session has a lease instead, [Options.Lease], renewed by its writes, so
// that the sessions of a process that died (SIGKILL: nothing detached them)
// expire too. Its keys also get a PEXPIRE of the TTL or lease plus
// [Options.Grace], so Redis frees them even if no process ever calls
// again.
//
// # Failures
//
// Every call has a deadline ([Options.Timeout]) on top of its context's, so
// nothing waits on a Redis that does not answer; its error then is neither
// of resume's sentinels, and matches [ErrUnavailable]. [New] does not
// contact Redis: a server starts, and serves, while Redis is down.
//
// # Why go-redis
//
// github.com/redis/go-redis/v9 is the client maintained by Redis itself; it
// runs scripts with EVALSHA and falls back to EVAL when Redis does not have
// the script cached (after a restart, for instance), takes a context on
// every call, pools connections, and parses redis:// URLs. The module pins
// v9.22.0, the newest release that builds with Go 1.25 (v9.23.0 requires
// Go 1.26; this module supports 1.25).
package redisstore
