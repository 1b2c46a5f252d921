--[[
  After an order was cancelled in Postgres: its sold legs come free and the buyer's allowance returns.
  KEYS: see _lib.lua
  ARGV[1] allowance key of the buyer  ARGV[2] leg mask  ARGV[3] 1 to give back the allowance, 0 when the cache was just loaded
  from Postgres (which already did)  ARGV[4] outbox op id ('' none: an op already applied changes
  nothing)  ARGV[5..] seat ids
  Returns reply(code): 'OK' | 'COLD' (nothing to do: a later load reads Postgres)
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
local op = ARGV[4]
if op_seen(op) then return reply('OK') end
op_mark(op, now_ms())
local notmask = bit.bnot(tonumber(ARGV[2]))
for i = 5, #ARGV do
  local h, s = read_occ(ARGV[i])
  write_occ(ARGV[i], h, bit.band(s, notmask))
end
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[5], 'b:' .. ARGV[1], -(#ARGV - 4)) end
return reply('OK')
