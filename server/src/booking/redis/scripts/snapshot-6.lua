--[[
  A consistent picture of a trip: the version and every seat's occupancy, after expiring due holds.
  KEYS: see _lib.lua
  ARGV: none
  Returns reply(code, extra): 'OK' extra = flat { seatId, "held:sold:v", ... } | 'COLD'
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
expire_due(now_ms())
return reply('OK', redis.call('HGETALL', KEYS[2]))
