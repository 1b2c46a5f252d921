--[[
  Holds the best `count` adjacent seats, chosen here so the choice and the hold are one atomic step.
  Candidates come best-first from the server (same row and side first); each is
  "farLeft,nearLeft|seat,seat,...|nearRight,farRight" where the neighbours are on the same side of
  the aisle in the same row, '-' when there is none (wall or aisle). The first fully free candidate that leaves no lone free seat
  beside it wins; failing that, the first fully free one.
  KEYS: see _lib.lua
  ARGV[1] holdId  ARGV[2] userId  ARGV[3] leg mask  ARGV[4] ttl ms  ARGV[5] max seats per user
  ARGV[6] from  ARGV[7] to  ARGV[8] allowance key  ARGV[9] sale window opens ms
  ARGV[10] sale window closes ms (ARGV[1..10] as in hold-6.lua)  ARGV[11] count  ARGV[12..] candidates
  Returns reply(code, extra): 'OK' extra = { expiresAt ms, seat ids... } | 'SALE_CLOSED' | 'LIMIT_EXCEEDED' |
  'SEAT_TAKEN' (no candidate free) | 'COLD'
]]
-- @include _lib.lua

local now = now_ms()
if sale_closed(ARGV[9], ARGV[10], now) then return reply('SALE_CLOSED') end
if not is_loaded() then return reply('COLD') end
expire_due(now)

local uid, key, mask = ARGV[2], ARGV[8], tonumber(ARGV[3])
local over, used = over_cap(key, tonumber(ARGV[11]), tonumber(ARGV[5]))
if over then return reply('LIMIT_EXCEEDED', { used }) end

local function split(str)
  local out = {}
  for part in string.gmatch(str, '[^,]+') do out[#out + 1] = part end
  return out
end

-- A neighbour becomes a lone orphan if it is free and the seat beyond it is not (or does not exist).
local function orphans(near, far)
  if near == '-' or not seat_free(near, mask) then return false end
  return far == '-' or not seat_free(far, mask)
end

local fallback = nil
for i = 12, #ARGV do
  local left, mid, right = string.match(ARGV[i], '^([^|]*)|([^|]*)|([^|]*)$')
  local seats = split(mid)
  local free = true
  for _, seat in ipairs(seats) do
    if not seat_free(seat, mask) then
      free = false
      break
    end
  end
  if free then
    local l, r = split(left), split(right)
    if not orphans(l[2], l[1]) and not orphans(r[1], r[2]) then
      fallback = seats
      break
    end
    fallback = fallback or seats
  end
end
if not fallback then
  count('n:taken')
  return reply('SEAT_TAKEN')
end
count('n:held')

local expires = create_hold(ARGV[1], uid, key, mask, tonumber(ARGV[4]), ARGV[6], ARGV[7], fallback, now)
local extra = { expires }
for _, seat in ipairs(fallback) do extra[#extra + 1] = seat end
return reply('OK', extra)
