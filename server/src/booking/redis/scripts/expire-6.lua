--[[
  The sweeper's pass over one trip: expires due holds.
  KEYS: see _lib.lua
  ARGV: none
  Returns reply('OK', { active holds left, earliest deadline ms or 0 })
]]
-- @include _lib.lua

if not is_loaded() then return reply('OK', { 0, 0 }) end
expire_due(now_ms())
local first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
return reply('OK', { redis.call('ZCARD', KEYS[4]), tonumber(first[2] or '0') })
