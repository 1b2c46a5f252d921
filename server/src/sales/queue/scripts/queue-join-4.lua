--[[
  A user joins the sale's waiting room, or learns where they already are (idempotent per user).
  KEYS: meta, pre, q, adm (see _queue.lua)
  ARGV[1] userId  ARGV[2] entrant hash  ARGV[3] opensAt ms (0 = no opening time: nobody is pre-queued)
  Returns:
    {'ADMITTED', expiresAt ms}       a live admission
    {'WAITING', place, cursor}       in the queue: position = place - cursor
    {'LOTTERY', entrants}            in the pre-queue; the lottery at opening gives the place
    {'CORRUPT', field}               the sale's state is not what these scripts wrote
  Arrivals before opensAt enter the pre-queue; the first arrival at or after it freezes the pre-queue
  (pcount) so places pcount+1, pcount+2 … go to later arrivals in order. A lapsed admission rejoins
  at the back.
]]
-- @include _queue.lua

return guarded(function()
  local uid = ARGV[1]
  local now = now_ms()
  local exp = redis.call('ZSCORE', KEYS[4], uid)
  if exp and tonumber(exp) > now then return { 'ADMITTED', exp } end
  local place = redis.call('ZSCORE', KEYS[3], uid)
  if place then return { 'WAITING', place, meta_num('cursor', 0) } end

  local opened = redis.call('HGET', KEYS[1], 'opened') == '1'
  local frozen = redis.call('HGET', KEYS[1], 'frozen') == '1'
  if redis.call('HEXISTS', KEYS[2], uid) == 1 and not opened then
    return { 'LOTTERY', redis.call('HLEN', KEYS[2]) }
  end
  local opens_at = tonumber(ARGV[3])
  if not frozen and now < opens_at then
    redis.call('HSET', KEYS[2], uid, ARGV[2])
    return { 'LOTTERY', redis.call('HLEN', KEYS[2]) }
  end
  if not frozen then redis.call('HSET', KEYS[1], 'frozen', '1', 'pcount', redis.call('HLEN', KEYS[2])) end
  local late = redis.call('HINCRBY', KEYS[1], 'late', 1)
  place = meta_num('pcount', 0) + late
  redis.call('ZADD', KEYS[3], place, uid)
  return { 'WAITING', place, meta_num('cursor', 0) }
end)
