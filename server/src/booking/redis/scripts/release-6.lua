--[[
  Releases a hold (owner only).
  KEYS: see _lib.lua
  ARGV[1] holdId  ARGV[2] userId
  Returns reply(code) as release_op in _lib.lua says: 'OK' | 'NOT_FOUND' | 'FORBIDDEN' | 'HOLD_EXPIRED'
  | 'COLD'
]]
-- @include _lib.lua

return release_op(ARGV)
