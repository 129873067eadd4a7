//go:build !js

package redisstore

import "github.com/redis/go-redis/v9"

// The keys of one store, under its prefix P:
//
//	P s:ID   hash   the session's record: cur, pend (32-byte hashes), ep,
//	                proto, is, io (InSeq, InOffset), oa, os, oo (OutAcked,
//	                OutSent, OutOffset), lim, res (Reserve)
//	P r:ID   list   its replay buffer: one element per message, 16 hex
//	                digits of seq, 1 type byte, the payload
//	P t:ID   string a tombstone, "ack sent", expiring after TombstoneTTL
//	P g      hash   global bounds: sessions, reserved, bytes
//	P v      hash   ID -> reserve of every session (to release it even if
//	                the record vanished)
//	P b      hash   ID -> payload bytes in its replay buffer
//	P x      zset   every session, scored by expiry (ms): a detached one's
//	                TTL, an attached one's lease (renewed by its writes)
//
// Every script gets the keys of one session as KEYS[1..3] (s, r, t) and
// the global ones as KEYS[4..7] (g, v, b, x), and ARGV[1] is the prefix
// (the sweep builds the keys of other sessions from it); the scripts that
// write a session's progress get its lease (ms) as ARGV[#ARGV]. All keys
// share the prefix's hash tag, so they live in one slot.

// prelude is the Lua shared by every script.
const prelude = `
local P = ARGV[1]
local S, R, T, G, V, B, X = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]

local function now_ms()
	local t = redis.call('TIME')
	return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- remove deletes session id (its keys s, r, t), releasing its reserve and
-- bytes; with tombTTL > 0 it leaves a tombstone with its counts.
local function remove(id, s, r, t, tombTTL)
	local rec = redis.call('HMGET', s, 'is', 'os')
	local reserve = tonumber(redis.call('HGET', V, id) or '0')
	local bytes = tonumber(redis.call('HGET', B, id) or '0')
	if redis.call('HDEL', V, id) == 1 then
		redis.call('HINCRBY', G, 'sessions', 0 - 1)
		redis.call('HINCRBY', G, 'reserved', 0 - reserve)
	end
	redis.call('HDEL', B, id)
	redis.call('HINCRBY', G, 'bytes', 0 - bytes)
	redis.call('ZREM', X, id)
	redis.call('DEL', s, r)
	if tombTTL > 0 and rec[1] then
		redis.call('SET', t, rec[1] .. ' ' .. rec[2], 'PX', tombTTL)
	end
end

-- sweep expires up to 64 detached sessions past their expiry.
local function sweep(now, tombTTL)
	local ids = redis.call('ZRANGEBYSCORE', X, '-inf', now, 'LIMIT', 0, 64)
	for _, id in ipairs(ids) do
		remove(id, P .. 's:' .. id, P .. 'r:' .. id, P .. 't:' .. id, tombTTL)
	end
end

-- trim drops the messages up to seq ack from the replay buffer.
local function trim(id, ack)
	local oa = tonumber(redis.call('HGET', S, 'oa'))
	if ack <= oa then
		return
	end
	local items = redis.call('LRANGE', R, 0, ack - oa - 1)
	local n, bytes = 0, 0
	for _, e in ipairs(items) do
		if tonumber(string.sub(e, 1, 16), 16) > ack then
			break
		end
		n = n + 1
		bytes = bytes + #e - 17
	end
	if n > 0 then
		redis.call('LTRIM', R, n, -1)
		redis.call('HINCRBY', B, id, 0 - bytes)
		redis.call('HINCRBY', G, 'bytes', 0 - bytes)
	end
	redis.call('HSET', S, 'oa', ack)
end

-- lease sets the session's expiry to now + ms, and its keys' PEXPIRE to a
-- grace period later: every write of an attached session renews it, so a
-- session whose process died without detaching it expires in the end.
local function lease(id, ms, grace)
	local at = now_ms() + ms
	redis.call('ZADD', X, at, id)
	redis.call('PEXPIRE', S, ms + grace)
	redis.call('PEXPIRE', R, ms + grace)
end

-- renew renews an attached session's lease (ARGV[#ARGV - 1] ms, grace
-- ARGV[#ARGV]) when less than half of it is left.
local function renew(id)
	local ms, grace = tonumber(ARGV[#ARGV - 1]), tonumber(ARGV[#ARGV])
	local at = tonumber(redis.call('ZSCORE', X, id) or '0')
	if at - now_ms() < ms / 2 then
		lease(id, ms, grace)
	end
end

-- fenced checks that the session exists with epoch ARGV[3]; it returns
-- nil if so, else the status to return (see fencedScript).
local function fenced()
	local ep = redis.call('HGET', S, 'ep')
	if not ep then
		return 'unknown'
	end
	if ep ~= ARGV[3] then
		return 'superseded'
	end
	return nil
end
`

// createScript: ARGV = prefix, id, tombTTL, maxSessions, maxBytes, then the
// record: cur, pend, ep, proto, is, io, oa, os, lim, res, oo; lease, grace.
var createScript = redis.NewScript(prelude + `
local id, tombTTL = ARGV[2], tonumber(ARGV[3])
local maxSessions, maxBytes = tonumber(ARGV[4]), tonumber(ARGV[5])
local reserve = tonumber(ARGV[15])
local function full()
	local g = redis.call('HMGET', G, 'sessions', 'reserved')
	return tonumber(g[1] or '0') >= maxSessions or tonumber(g[2] or '0') + reserve > maxBytes
end
sweep(now_ms(), tombTTL)
if full() then
	return 'full'
end
if redis.call('HSETNX', V, id, reserve) == 0 then
	return 'exists'
end
redis.call('DEL', S, R, T)
redis.call('HSET', S, 'cur', ARGV[6], 'pend', ARGV[7], 'ep', ARGV[8], 'proto', ARGV[9],
	'is', ARGV[10], 'io', ARGV[11], 'oa', ARGV[12], 'os', ARGV[13], 'lim', ARGV[14], 'res', ARGV[15],
	'oo', ARGV[16])
redis.call('HSET', B, id, 0)
redis.call('HINCRBY', G, 'sessions', 1)
redis.call('HINCRBY', G, 'reserved', reserve)
lease(id, tonumber(ARGV[#ARGV - 1]), tonumber(ARGV[#ARGV]))
return 'ok'
`)

// claimScript: ARGV = prefix, id, tombTTL, secret, next, ack, lease, grace.
// It returns {status}, {'expired', ack, sent} or {'ok', record fields...,
// replay...}.
var claimScript = redis.NewScript(prelude + `
local id, tombTTL = ARGV[2], tonumber(ARGV[3])
local secret, nxt, ack = ARGV[4], ARGV[5], tonumber(ARGV[6])
local now = now_ms()
sweep(now, tombTTL)
local exp = redis.call('ZSCORE', X, id)
if exp and tonumber(exp) <= now then
	remove(id, S, R, T, tombTTL)
end
if redis.call('EXISTS', S) == 0 then
	-- Redis expired the record before any sweep: release its bounds.
	remove(id, S, R, T, 0)
	local tomb = redis.call('GET', T)
	if tomb then
		local sp = string.find(tomb, ' ')
		return {'expired', string.sub(tomb, 1, sp - 1), string.sub(tomb, sp + 1)}
	end
	return {'unknown'}
end
local rec = redis.call('HMGET', S, 'cur', 'pend', 'oa', 'os')
local isCurrent = secret == rec[1]
local isPending = rec[2] ~= '' and secret == rec[2]
if not isCurrent and not isPending then
	return {'refused'}
end
if ack < tonumber(rec[3]) or ack > tonumber(rec[4]) then
	return {'ack'}
end
if isPending then
	redis.call('HSET', S, 'cur', rec[2])
end
redis.call('HSET', S, 'pend', nxt)
redis.call('HINCRBY', S, 'ep', 1)
trim(id, ack)
lease(id, tonumber(ARGV[#ARGV - 1]), tonumber(ARGV[#ARGV]))
local out = {'ok'}
local f = redis.call('HMGET', S, 'cur', 'pend', 'ep', 'proto', 'is', 'io', 'oa', 'os', 'lim', 'res', 'oo')
for i = 1, #f do
	out[#out + 1] = f[i]
end
for _, e in ipairs(redis.call('LRANGE', R, 0, -1)) do
	out[#out + 1] = e
end
return out
`)

// confirmScript: ARGV = prefix, id, epoch, lease, grace.
var confirmScript = fencedScript(`
local pend = redis.call('HGET', S, 'pend')
if pend ~= '' then
	redis.call('HSET', S, 'cur', pend, 'pend', '')
end
renew(ARGV[2])
return 'ok'
`)

// updateScript: ARGV = prefix, id, epoch, is, io, oa, lim, lease, grace.
var updateScript = fencedScript(`
redis.call('HSET', S, 'is', ARGV[4], 'io', ARGV[5], 'lim', ARGV[7])
trim(ARGV[2], tonumber(ARGV[6]))
renew(ARGV[2])
return 'ok'
`)

// appendScript: ARGV = prefix, id, epoch, is, io, oa, lim (as updateScript),
// element, seq, lease, grace.
var appendScript = fencedScript(`
local e = ARGV[8]
redis.call('RPUSH', R, e)
redis.call('HINCRBY', B, ARGV[2], #e - 17)
redis.call('HINCRBY', G, 'bytes', #e - 17)
redis.call('HINCRBY', S, 'oo', #e - 17)
redis.call('HSET', S, 'os', ARGV[9], 'is', ARGV[4], 'io', ARGV[5], 'lim', ARGV[7])
trim(ARGV[2], tonumber(ARGV[6]))
renew(ARGV[2])
return 'ok'
`)

// detachScript: ARGV = prefix, id, epoch, ttl ms, grace ms.
var detachScript = fencedScript(`
-- Redis frees the keys by itself a grace period after the expiry, should
-- no process sweep them first (the sweep also releases the bounds).
lease(ARGV[2], tonumber(ARGV[4]), tonumber(ARGV[5]))
return 'ok'
`)

// deleteScript: ARGV = prefix, id, epoch, tombTTL (0: no tombstone).
var deleteScript = fencedScript(`
remove(ARGV[2], S, R, T, tonumber(ARGV[4]))
return 'ok'
`)

// fencedScript is a script that runs body only if session ARGV[2] exists
// with epoch ARGV[3], and otherwise answers "unknown" or "superseded".
func fencedScript(body string) *redis.Script {
	return redis.NewScript(prelude + `
local st = fenced()
if st then
	return st
end
` + body)
}
