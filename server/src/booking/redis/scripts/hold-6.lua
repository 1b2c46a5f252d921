--[[
  Holds seats over a journey, all or nothing.
  KEYS: see _lib.lua (meta, occ, holds, exp, caps, gc)
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] leg mask  ARGV[4] ttl ms  ARGV[5] max seats per user
  ARGV[6] from station  ARGV[7] to station  ARGV[8..] seat ids (distinct, known to exist)
  Returns reply(code, extra):
    'OK'             extra = { expiresAt ms }
    'LIMIT_EXCEEDED' extra = { seats the user already holds or bought on this trip }
    'SEAT_TAKEN'     extra = { seat ids whose held|sold legs overlap the mask }
    'COLD'           the cache has not been loaded from Postgres yet
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
local now = now_ms()
expire_due(now)

local id, uid, mask = ARGV[1], ARGV[2], tonumber(ARGV[3])
local n = #ARGV - 7
local used = tonumber(redis.call('HGET', KEYS[5], 'h:' .. uid) or '0')
  + tonumber(redis.call('HGET', KEYS[5], 'b:' .. uid) or '0')
if used + n > tonumber(ARGV[5]) then return reply('LIMIT_EXCEEDED', { used }) end

local taken = {}
for i = 8, #ARGV do
  local h, s = read_occ(ARGV[i])
  if bit.band(bit.bor(h, s), mask) ~= 0 then taken[#taken + 1] = ARGV[i] end
end
if #taken > 0 then return reply('SEAT_TAKEN', taken) end

local seats = {}
for i = 8, #ARGV do
  local h, s = read_occ(ARGV[i])
  write_occ(ARGV[i], bit.bor(h, mask), s)
  seats[#seats + 1] = ARGV[i]
end
local expires = now + tonumber(ARGV[4])
save_hold(id, { u = uid, m = mask, e = expires, f = ARGV[6], t = ARGV[7], s = seats, st = 'A', x = 0, c = now, p = 0 })
redis.call('ZADD', KEYS[4], expires, id)
redis.call('HINCRBY', KEYS[5], 'h:' .. uid, n)
return reply('OK', { expires })
