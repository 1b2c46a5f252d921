--[[
  Fills a cold trip cache from Postgres (sold legs, seats bought per user, live holds). No-op when
  already loaded, so concurrent loaders only waste work. The version restarts above a time-based
  floor (ms × 1000, or above the last version Postgres issued in database mode) so versions never go
  backwards even after Redis lost the trip.
  KEYS: see _lib.lua
  ARGV[1] JSON { sold = { seatId = mask }, bought = { allowance key = n },
                 holds = [ { id, u, k, m, e, f, t, s, x, c } ], version = last Postgres-issued version,
                 ops = [ outbox op ids already reflected in this state ] }
  Returns reply(code, extra): 'OK' extra = { 1 if loaded now, 0 if it already was }
]]
-- @include _lib.lua

if is_loaded() then return reply('OK', { 0 }) end
local now = now_ms()
local data = cjson.decode(ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
prefer_hashtables()
local floor = now * 1000
if (data.version or 0) >= floor then floor = data.version + 1 end
if current_version() < floor then redis.call('HSET', KEYS[1], 'ver', string.format('%d', floor)) end
local held = {}
for _, h in ipairs(data.holds or {}) do
  for _, seat in ipairs(h.s) do held[seat] = bit.bor(held[seat] or 0, h.m) end
  local rec = { u = h.u, m = h.m, e = h.e, f = h.f, t = h.t, s = h.s, st = 'A', x = h.x or 0, c = h.c, p = 0 }
  if h.k and h.k ~= h.u then rec.k = h.k end
  save_hold(h.id, rec)
  redis.call('ZADD', KEYS[4], h.e, h.id)
  redis.call('HINCRBY', KEYS[5], 'h:' .. cap_key(rec), #h.s)
end
for seat, mask in pairs(data.sold or {}) do
  write_occ(seat, held[seat] or 0, mask)
  held[seat] = nil
end
for seat, mask in pairs(held) do write_occ(seat, mask, 0) end
for key, n in pairs(data.bought or {}) do redis.call('HSET', KEYS[5], 'b:' .. key, n) end
for _, op in ipairs(data.ops or {}) do op_mark(tostring(op), now) end
redis.call('HSET', KEYS[1], 'loaded', '1')
return reply('OK', { 1 })
