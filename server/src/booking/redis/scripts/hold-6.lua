--[[
  Holds seats over a journey, all or nothing.
  KEYS: see _lib.lua (meta, occ, holds, exp, caps, gc)
  ARGV: the hold's arguments, as hold_op in _lib.lua lists them (holdId, userId, leg mask, ttl ms,
  max seats, from, to, allowance key, sale window opens/closes ms, seat ids…)
  Returns reply(code, extra) as hold_op says: 'OK' {expiresAt} | 'SALE_CLOSED' | 'LIMIT_EXCEEDED' {used}
  | 'SEAT_TAKEN' {seat ids} | 'COLD'
]]
-- @include _lib.lua

return hold_op(ARGV)
