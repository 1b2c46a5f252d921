--[[
  Releases a hold (owner only).
  KEYS: see _lib.lua
  ARGV[1] holdId  ARGV[2] userId
  Returns reply(code): 'OK' | 'NOT_FOUND' | 'FORBIDDEN' | 'HOLD_EXPIRED' (ended before: expired,
  released or purchased) | 'COLD'
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
local now = now_ms()
expire_due(now)
local rec, err = owned_live_hold(ARGV[1], ARGV[2], now)
if err then return reply(err) end
end_hold(ARGV[1], rec, 'R', now)
return reply('OK')
