--[[
  Starts a purchase: checks the hold is the caller's and live, and keeps it from expiring while the
  Postgres transaction runs (paying-until = now + grace). The expiry shown to the user is unchanged.
  KEYS: see _lib.lua
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] grace ms
  ARGV[4] sale window JSON { opensAt = ms, closesAt = { stop = ms } } (by the hold's `from` stop)
  Returns reply(code, extra): 'OK' extra = { hold JSON } | 'NOT_FOUND' | 'FORBIDDEN'
  | 'SALE_CLOSED' (outside the window by Redis TIME; nothing written) | 'HOLD_EXPIRED' | 'COLD'
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
local now = now_ms()
local rec, err = owned_hold_in_window(ARGV[1], ARGV[2], ARGV[4], now)
if err then return reply(err) end
rec.p = now + tonumber(ARGV[3])
save_hold(ARGV[1], rec)
redis.call('ZADD', KEYS[4], deadline(rec), ARGV[1])
return reply('OK', { cjson.encode(rec) })
