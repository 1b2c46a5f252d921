--[[
  Starts a purchase: checks the hold is the caller's and live, and keeps it from expiring while the
  Postgres transaction runs (paying-until = now + grace). The expiry shown to the user is unchanged.
  KEYS: see _lib.lua
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] grace ms
  Returns reply(code, extra): 'OK' extra = { hold JSON } | 'NOT_FOUND' | 'FORBIDDEN' | 'HOLD_EXPIRED' | 'COLD'
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
local now = now_ms()
expire_due(now)
local rec, err = owned_live_hold(ARGV[1], ARGV[2], now)
if err then return reply(err) end
rec.p = now + tonumber(ARGV[3])
save_hold(ARGV[1], rec)
redis.call('ZADD', KEYS[4], deadline(rec), ARGV[1])
return reply('OK', { cjson.encode(rec) })
