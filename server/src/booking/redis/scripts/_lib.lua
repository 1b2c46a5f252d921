--[[
  Shared helpers, inlined into each script by the loader (`-- @include _lib.lua`).
  Every script of a trip takes the same six keys, all hash-tagged `{trip:ID}` (one Cluster slot):
    KEYS[1] meta   hash: ver (trip version), loaded ('1' once sold legs came from Postgres),
                   n:held / n:taken (holds granted / refused as taken, for the operator view)
    KEYS[2] occ    hash: seatId -> "held:sold:v" (leg masks, version of the seat's last change),
                   and HASHTABLE_FIELD -> "0:0:0" (see prefer_hashtables)
    KEYS[3] holds  hash: holdId -> JSON {u,k,m,e,f,t,s,st,x,c,p}
                   u owner, k allowance key (verified identity or owner; absent = u),
                   m leg mask, e expiresAt ms, f/t stations, s seat ids,
                   st 'A' active | 'E' expired | 'R' released | 'P' purchased,
                   x extended (0/1), c created ms, p paying-until ms (purchase in flight);
                   'op:'..id -> '1': outbox operation `id` was applied (see op_seen)
    KEYS[4] exp    zset: active holdId -> deadline ms
    KEYS[5] caps   hash: 'h:'..key -> seats held, 'b:'..key -> seats bought, per allowance key
                   (one verified phone shares one allowance across its accounts),
                   and HASHTABLE_FIELD -> '0' (see prefer_hashtables)
    KEYS[6] gc     zset: ended holdId (or 'op:'..id) -> ms after which its record is dropped
  Every script replies { code, version, changed, expired, extra }:
    changed = flat {seatId, held, sold, v, ...} of every seat this call changed
    expired = flat {holdId, userId, 'seat,seat', ...} of holds this call expired (owners are told)
]]
local GC_AFTER_MS = 3600000
local DUE_BATCH = 200

local version = nil
local changed_order = {}
local changed_set = {}
local expired = {}

-- One instant per script run: the decisions of a batch (batch-6.lua) are all made at that moment.
local run_now = nil
local function now_ms()
  if not run_now then
    local t = redis.call('TIME')
    run_now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return run_now
end

-- Versions a run may give out: at its first change, a run reserves one per decision it makes
-- (run_decisions: 1, or a batch's size, set by batch-6.lua) with one HINCRBY, and its decisions take
-- them in order. The reservation is stored before any seat carries one of its versions, so an error
-- later in the run can never lead another run to reuse one. A decision that changes nothing leaves
-- its version unused: versions must only grow (the contract), not be consecutive.
local run_decisions = 1
local next_version, last_reserved = nil, nil

local function current_version()
  -- Within a run, the latest version given out: later decisions of a batch carry higher ones.
  if next_version then return next_version - 1 end
  return tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
end

-- One version per decision: every seat it changes carries it.
local function bump()
  if not version then
    if not next_version or next_version > last_reserved then
      -- As a string: a Lua number argument costs Redis a float-to-text conversion per call.
      last_reserved = redis.call('HINCRBY', KEYS[1], 'ver', string.format('%d', run_decisions))
      next_version = last_reserved - run_decisions + 1
    end
    version = next_version
    next_version = next_version + 1
  end
  return version
end

-- Seats read or written in this run, so a seat is read from Redis once however often a run uses it
-- (check, write, reply; and again by later decisions of a batch). Only this run writes them meanwhile.
local occ_seen = {}

local function read_occ(seat)
  local c = occ_seen[seat]
  if c then return c[1], c[2], c[3] end
  local raw = redis.call('HGET', KEYS[2], seat)
  local h, s, v = 0, 0, 0
  if raw then
    local rh, rs, rv = string.match(raw, '^(%d+):(%d+):(%d+)$')
    h, s, v = tonumber(rh), tonumber(rs), tonumber(rv)
  end
  occ_seen[seat] = { h, s, v }
  return h, s, v
end

local function write_occ(seat, held, sold)
  local v = bump()
  redis.call('HSET', KEYS[2], seat, string.format('%d:%d:%d', held, sold, v))
  occ_seen[seat] = { held, sold, v }
  if not changed_set[seat] then
    changed_set[seat] = true
    changed_order[#changed_order + 1] = seat
  end
end

local function deadline(rec)
  local p = rec.p or 0
  if p > rec.e then return p end
  return rec.e
end

local function cap_key(rec)
  return rec.k or rec.u
end

-- Outbox operations (confirm, unsell) apply once: a marker per op id beside the hold records, dropped
-- with the tombstones. Load marks the ops Postgres had committed but Redis not yet applied.
local function op_seen(op)
  return op ~= '' and redis.call('HEXISTS', KEYS[3], 'op:' .. op) == 1
end

local function op_mark(op, now)
  if op == '' then return end
  redis.call('HSET', KEYS[3], 'op:' .. op, '1')
  redis.call('ZADD', KEYS[6], now + GC_AFTER_MS, 'op:' .. op)
end

local function save_hold(id, rec)
  redis.call('HSET', KEYS[3], id, cjson.encode(rec))
end

-- The stored text of each hold record this run decoded, by the decoded table: ending a hold changes
-- only its state, so end_hold rewrites that one field of the text instead of encoding the record again
-- (cjson.encode was the costliest step of a release).
local stored_text = {}

local function decode_hold(raw)
  local rec = cjson.decode(raw)
  stored_text[rec] = raw
  return rec
end

-- The record's stored text with its state 'A' replaced by `state`, or nil when there is no stored text
-- or it does not hold exactly one `"st":"A"` (cjson never writes one inside a string: it escapes quotes).
local function ended_text(rec, state)
  local raw = stored_text[rec]
  if not raw then return nil end
  local at = string.find(raw, '"st":"A"', 1, true)
  if not at or string.find(raw, '"st":"A"', at + 8, true) then return nil end
  return string.sub(raw, 1, at + 5) .. state .. string.sub(raw, at + 7)
end

-- Ends an active hold: frees its held legs, gives back the owner's allowance, keeps a tombstone. `rec`
-- is as decoded: a caller that changes a record saves it itself (save_hold).
local function end_hold(id, rec, state, now)
  local notmask = bit.bnot(rec.m)
  for _, seat in ipairs(rec.s) do
    local h, s = read_occ(seat)
    write_occ(seat, bit.band(h, notmask), s)
  end
  redis.call('HINCRBY', KEYS[5], 'h:' .. cap_key(rec), -#rec.s)
  local text = ended_text(rec, state)
  rec.st = state
  if text then
    redis.call('HSET', KEYS[3], id, text)
  else
    save_hold(id, rec)
  end
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZADD', KEYS[6], now + GC_AFTER_MS, id)
  if state == 'E' then
    expired[#expired + 1] = id
    expired[#expired + 1] = rec.u
    expired[#expired + 1] = table.concat(rec.s, ',')
  end
end

-- Expires due holds before any decision, so an expired hold never blocks a seat, swept or not.
local swept_at = nil
local function expire_due(now)
  -- Once per instant: the later decisions of a batch find nothing more due.
  if swept_at == now then return end
  swept_at = now
  -- All due holds, in batches: one left unexpired could block a seat.
  local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, DUE_BATCH)
  while #due > 0 do
  for _, id in ipairs(due) do
    local raw = redis.call('HGET', KEYS[3], id)
    if not raw then
      redis.call('ZREM', KEYS[4], id)
    else
      local rec = decode_hold(raw)
      if rec.st ~= 'A' then
        redis.call('ZREM', KEYS[4], id)
      elseif deadline(rec) > now then
        redis.call('ZADD', KEYS[4], deadline(rec), id)
      else
        end_hold(id, rec, 'E', now)
      end
    end
  end
  if #due < DUE_BATCH then break end
  due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, DUE_BATCH)
  end
  local old = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now, 'LIMIT', 0, DUE_BATCH)
  for _, id in ipairs(old) do
    redis.call('HDEL', KEYS[3], id)
    redis.call('ZREM', KEYS[6], id)
  end
end

-- The caller's hold record, or NOT_FOUND / FORBIDDEN (checked before the sale window, by precedence).
local function owned_hold(id, uid)
  local raw = redis.call('HGET', KEYS[3], id)
  if not raw then return nil, 'NOT_FOUND' end
  local rec = decode_hold(raw)
  if rec.u ~= uid then return nil, 'FORBIDDEN' end
  return rec, nil
end

-- HOLD_EXPIRED for an ended hold (expiring it now if its deadline passed), else nil.
local function ended(id, rec, now)
  if rec.st ~= 'A' then return 'HOLD_EXPIRED' end
  if deadline(rec) <= now then
    end_hold(id, rec, 'E', now)
    return 'HOLD_EXPIRED'
  end
  return nil
end

-- Loads a hold for an owner-only operation; returns rec or an error code.
local function owned_live_hold(id, uid, now)
  local rec, err = owned_hold(id, uid)
  if err then return nil, err end
  err = ended(id, rec, now)
  if err then return nil, err end
  return rec, nil
end

-- The sale window, against this server's clock: bookable from `opens` until `closes` (ms).
local function sale_closed(opens, closes, now)
  return now < tonumber(opens) or now >= tonumber(closes)
end

-- The window of a journey from stop `from`, out of a JSON { opensAt, closesAt = { stop = ms } }.
local function window_closed_from(window_json, from, now)
  local w = cjson.decode(window_json)
  local closes = w.closesAt[from]
  if closes == nil then return true end
  return sale_closed(w.opensAt, closes, now)
end

-- The caller's live hold for an operation that needs the sale open (extend, claim), or why not, in
-- the contract's order: NOT_FOUND, FORBIDDEN, SALE_CLOSED (before any write), HOLD_EXPIRED.
local function owned_hold_in_window(id, uid, window_json, now)
  local rec, err = owned_hold(id, uid)
  if err then return nil, err end
  if window_closed_from(window_json, rec.f, now) then return nil, 'SALE_CLOSED' end
  expire_due(now)
  return owned_live_hold(id, uid, now)
end

local function reply(code, extra)
  local out = {}
  for _, seat in ipairs(changed_order) do
    local h, s, v = read_occ(seat)
    out[#out + 1] = seat
    out[#out + 1] = h
    out[#out + 1] = s
    out[#out + 1] = v
  end
  return { code, version or current_version(), out, expired, extra or {} }
end

-- Cap check shared by hold and holdbest: seats held + bought on this trip by the key + n must fit.
local function over_cap(key, n, max)
  local used = tonumber(redis.call('HGET', KEYS[5], 'h:' .. key) or '0')
    + tonumber(redis.call('HGET', KEYS[5], 'b:' .. key) or '0')
  return used + n > max, used
end

local function seat_free(seat, mask)
  local h, s = read_occ(seat)
  return bit.band(bit.bor(h, s), mask) == 0
end

-- Records a new hold over `seats` (already checked free); returns its expiry.
local function create_hold(id, uid, key, mask, ttl, from, to, seats, now)
  for _, seat in ipairs(seats) do
    local h, s = read_occ(seat)
    write_occ(seat, bit.bor(h, mask), s)
  end
  local expires = now + ttl
  local rec = { u = uid, m = mask, e = expires, f = from, t = to, s = seats, st = 'A', x = 0, c = now, p = 0 }
  if key ~= uid then rec.k = key end
  save_hold(id, rec)
  redis.call('ZADD', KEYS[4], expires, id)
  redis.call('HINCRBY', KEYS[5], 'h:' .. key, #seats)
  return expires
end

-- Operator figures live beside the decision: counted by the script that decides, so every instance's
-- holds are counted once, at no extra round trip. A batch adds its counts up and writes them once, at
-- its end (flush_counts).
local deferred_counts = nil

local function count(stat)
  if deferred_counts then
    deferred_counts[stat] = (deferred_counts[stat] or 0) + 1
  else
    redis.call('HINCRBY', KEYS[1], stat, '1')
  end
end

local function flush_counts()
  for stat, n in pairs(deferred_counts or {}) do
    redis.call('HINCRBY', KEYS[1], stat, string.format('%d', n))
  end
  deferred_counts = nil
end

-- Redis keeps a hash of up to hash-max-listpack-entries short fields (512 by default) as a listpack,
-- which every HGET, HSET and HINCRBY scans from its start: at 400 fields an HGET cost 3.5 µs instead of
-- 0.4 µs (Redis 7.0, docs/performance.md). Every decision reads and writes the seat and allowance
-- hashes, and both commonly hold 100–500 fields (a train's seats, the buyers of a rush), so load-6.lua
-- gives each one field longer than hash-max-listpack-value (64 bytes): Redis then keeps them as hash
-- tables for good. In the occupancy hash it reads as a free seat, so a reader of the whole hash sees
-- nothing it must refuse; hold-codec.ts (HASHTABLE_FIELD) leaves it out of snapshots.
local HASHTABLE_FIELD = '~ a field longer than 64 bytes keeps this hash a hash table (_lib.lua) ~'

local function prefer_hashtables()
  redis.call('HSET', KEYS[2], HASHTABLE_FIELD, '0:0:0')
  redis.call('HSET', KEYS[5], HASHTABLE_FIELD, '0')
end

local KEY_TYPES = { 'hash', 'hash', 'hash', 'zset', 'hash', 'zset' }

-- Redis does not roll back a script's earlier writes when a later command fails, so a key of the
-- wrong type (damaged by hand or by a bug) could leave a decision half-written: refuse before writing.
-- Once per script run once passed: its own writes keep the types right for the later decisions of a
-- batch. A failed check is not remembered, so every later decision of the batch is refused too.
local keys_checked = false
local function guard_keys()
  if keys_checked then return end
  for i, want in ipairs(KEY_TYPES) do
    local t = redis.call('TYPE', KEYS[i]).ok
    if t ~= 'none' and t ~= want then
      error({ err = 'CORRUPT ' .. KEYS[i] .. ' is a ' .. t .. ', not a ' .. want })
    end
  end
  keys_checked = true
end

-- Every script starts here, so every script checks the keys before its first write.
local loaded = false
local function is_loaded()
  guard_keys()
  -- Nothing in a run unloads the cache: once seen loaded, it stays so for the run.
  if not loaded then loaded = redis.call('HGET', KEYS[1], 'loaded') == '1' end
  return loaded
end

-- Starts the next decision of a script run: its own version, changed seats and expired holds, so
-- batch-6.lua can make several decisions in one run, each replied to as if it had run alone.
local function begin_decision()
  version = nil
  changed_order = {}
  changed_set = {}
  expired = {}
end

--[[
  The hold decision (hold-6.lua, batch-6.lua). a = the hold's arguments:
  a[1] holdId  a[2] userId  a[3] leg mask  a[4] ttl ms  a[5] max seats per user  a[6] from station
  a[7] to station  a[8] allowance key (verified identity or userId)  a[9] sale window opens ms
  a[10] sale window closes ms (for this journey's `from` stop)  a[11..] seat ids (distinct, known to exist)
  Returns reply(code, extra):
    'OK'             extra = { expiresAt ms }
    'SALE_CLOSED'    now (Redis TIME) is outside the window; nothing was written
    'LIMIT_EXCEEDED' extra = { seats the user already holds or bought on this trip }
    'SEAT_TAKEN'     extra = { seat ids whose held|sold legs overlap the mask }
    'COLD'           the cache has not been loaded from Postgres yet
]]
local function hold_op(a)
  local now = now_ms()
  if sale_closed(a[9], a[10], now) then return reply('SALE_CLOSED') end
  if not is_loaded() then return reply('COLD') end
  expire_due(now)

  local uid, key, mask = a[2], a[8], tonumber(a[3])
  local over, used = over_cap(key, #a - 10, tonumber(a[5]))
  if over then return reply('LIMIT_EXCEEDED', { used }) end

  local seats, taken = {}, {}
  for i = 11, #a do
    seats[#seats + 1] = a[i]
    if not seat_free(a[i], mask) then taken[#taken + 1] = a[i] end
  end
  if #taken > 0 then
    count('n:taken')
    return reply('SEAT_TAKEN', taken)
  end

  count('n:held')
  return reply('OK', { create_hold(a[1], uid, key, mask, tonumber(a[4]), a[6], a[7], seats, now) })
end

--[[
  The release decision (release-6.lua, batch-6.lua): a[1] holdId  a[2] userId (owner only).
  Returns reply(code): 'OK' | 'NOT_FOUND' | 'FORBIDDEN' | 'HOLD_EXPIRED' (ended before: expired,
  released or purchased) | 'COLD'
]]
local function release_op(a)
  if not is_loaded() then return reply('COLD') end
  local now = now_ms()
  expire_due(now)
  local rec, err = owned_live_hold(a[1], a[2], now)
  if err then return reply(err) end
  end_hold(a[1], rec, 'R', now)
  return reply('OK')
end
