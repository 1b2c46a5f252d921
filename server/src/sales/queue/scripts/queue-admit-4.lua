--[[
  Admits the next people in line at the sale's rate (a token bucket on Redis's clock), so running it
  twice in a row — two leaders, a retried tick — admits nobody extra.
  KEYS: meta, pre, q, adm (see _queue.lua)
  ARGV[1] admits per minute  ARGV[2] admission length ms  ARGV[3] burst (most admits one call may bank)
  Returns:
    {'OK', cursor, now ms, {userId, expiresAt ms, …}}   (the list is empty when nobody was due)
    {'CLOSED'}            not opened yet (the lottery has not run)
    {'CORRUPT', field}
]]
-- @include _queue.lua

return guarded(function()
  if redis.call('HGET', KEYS[1], 'opened') ~= '1' then return { 'CLOSED' } end
  local now = now_ms()
  local rate, length, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
  local last = meta_num('last', now)
  local credit = meta_num('credit', 0)
  local cursor = meta_num('cursor', 0)
  credit = math.min(credit + math.max(0, now - last) * rate / 60000, burst)
  local due = math.floor(credit)
  local out = {}
  if due > 0 then
    local batch = redis.call('ZRANGE', KEYS[3], 0, due - 1, 'WITHSCORES')
    for i = 1, #batch, 2 do
      local uid, place = batch[i], tonumber(batch[i + 1])
      local until_ms = now + length
      redis.call('ZADD', KEYS[4], until_ms, uid)
      redis.call('ZREM', KEYS[3], uid)
      if place > cursor then cursor = place end
      out[#out + 1] = uid
      out[#out + 1] = until_ms
    end
    credit = credit - #batch / 2
    redis.call('HINCRBY', KEYS[1], 'admitted', #batch / 2)
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
  redis.call('HSET', KEYS[1], 'last', now, 'credit', credit, 'cursor', cursor)
  return { 'OK', cursor, now, out }
end)
