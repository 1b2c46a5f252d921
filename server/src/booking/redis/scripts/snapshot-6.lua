--[[
  A consistent picture of a trip: the version and every seat's occupancy, after expiring due holds.
  KEYS: see _lib.lua
  ARGV: none
  Returns reply(code, extra): 'OK' extra = { "seatId\0held:sold:v\0seatId\0held:sold:v…" } | 'COLD'
  One string, not a flat list: a reply element costs the client an object and a conversion each, and a
  departures board or a crowd opening the map reads every seat of the trip (ids never contain NUL).
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
expire_due(now_ms())
return reply('OK', { table.concat(redis.call('HGETALL', KEYS[2]), '\0') })
