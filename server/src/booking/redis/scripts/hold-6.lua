--[[
  Holds seats over a journey, all or nothing.
  KEYS: see _lib.lua (meta, occ, holds, exp, caps, gc)
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] leg mask  ARGV[4] ttl ms  ARGV[5] max seats per user
  ARGV[6] from station  ARGV[7] to station  ARGV[8] allowance key (verified identity or userId)
  ARGV[9] sale window opens ms  ARGV[10] sale window closes ms (for this journey's `from` stop)
  ARGV[11..] seat ids (distinct, known to exist)
  Returns reply(code, extra):
    'OK'             extra = { expiresAt ms }
    'SALE_CLOSED'    now (Redis TIME) is outside the window; nothing was written
    'LIMIT_EXCEEDED' extra = { seats the user already holds or bought on this trip }
    'SEAT_TAKEN'     extra = { seat ids whose held|sold legs overlap the mask }
    'COLD'           the cache has not been loaded from Postgres yet
]]
-- @include _lib.lua

local now = now_ms()
if sale_closed(ARGV[9], ARGV[10], now) then return reply('SALE_CLOSED') end
if not is_loaded() then return reply('COLD') end
expire_due(now)

local uid, key, mask = ARGV[2], ARGV[8], tonumber(ARGV[3])
local over, used = over_cap(key, #ARGV - 10, tonumber(ARGV[5]))
if over then return reply('LIMIT_EXCEEDED', { used }) end

local seats, taken = {}, {}
for i = 11, #ARGV do
  seats[#seats + 1] = ARGV[i]
  if not seat_free(ARGV[i], mask) then taken[#taken + 1] = ARGV[i] end
end
if #taken > 0 then
  count('n:taken')
  return reply('SEAT_TAKEN', taken)
end

count('n:held')
return reply('OK', { create_hold(ARGV[1], uid, key, mask, tonumber(ARGV[4]), ARGV[6], ARGV[7], seats, now) })
