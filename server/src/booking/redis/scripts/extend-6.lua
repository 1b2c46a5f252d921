--[[
  Extends a live hold once (owner only): new expiry = min(now + ttl, created + 2 × ttl).
  KEYS: see _lib.lua
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] ttl ms
  ARGV[4] sale window JSON { opensAt = ms, closesAt = { stop = ms } } (by the hold's `from` stop)
  Returns reply(code, extra): 'OK' extra = { hold JSON } | 'NOT_FOUND' | 'FORBIDDEN'
  | 'SALE_CLOSED' (outside the window by Redis TIME; nothing written) | 'HOLD_EXPIRED'
  | 'LIMIT_EXCEEDED' (already extended) | 'COLD'
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
local now = now_ms()
local rec, err = owned_hold_in_window(ARGV[1], ARGV[2], ARGV[4], now)
if err then return reply(err) end
if rec.x == 1 then return reply('LIMIT_EXCEEDED') end
local ttl = tonumber(ARGV[3])
local e = now + ttl
if e > rec.c + 2 * ttl then e = rec.c + 2 * ttl end
if e > rec.e then rec.e = e end
rec.x = 1
save_hold(ARGV[1], rec)
redis.call('ZADD', KEYS[4], deadline(rec), ARGV[1])
return reply('OK', { cjson.encode(rec) })
