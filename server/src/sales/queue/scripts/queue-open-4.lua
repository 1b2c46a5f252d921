--[[
  Opens the waiting room: the pre-queue, drawn by the lottery (lottery.ts), takes places 1..pcount.
  KEYS: meta, pre, q, adm (see _queue.lua)
  ARGV[1] opensAt ms  ARGV[2] digest of the drawn order  ARGV[3..] every pre-queue user id, in drawn order
  Returns:
    {'OK', pcount}        opened now
    {'ALREADY'}           opened before (a second leader's run changes nothing)
    {'EARLY', ms left}    Redis's clock has not reached opensAt
    {'STALE', pcount}     the ids given are not exactly the frozen pre-queue (draw again)
    {'CORRUPT', field}
]]
-- @include _queue.lua

return guarded(function()
  if redis.call('HGET', KEYS[1], 'opened') == '1' then return { 'ALREADY' } end
  local now = now_ms()
  local opens_at = tonumber(ARGV[1])
  if now < opens_at then return { 'EARLY', opens_at - now } end
  if redis.call('HGET', KEYS[1], 'frozen') ~= '1' then
    redis.call('HSET', KEYS[1], 'frozen', '1', 'pcount', redis.call('HLEN', KEYS[2]))
  end
  local pcount = meta_num('pcount', 0)
  if #ARGV - 2 ~= pcount or redis.call('HLEN', KEYS[2]) ~= pcount then return { 'STALE', pcount } end
  for i = 3, #ARGV do
    if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 0 then return { 'STALE', pcount } end
  end
  for i = 3, #ARGV do redis.call('ZADD', KEYS[3], i - 2, ARGV[i]) end
  redis.call('HSET', KEYS[1], 'opened', '1', 'openedAt', now, 'digest', ARGV[2], 'last', now, 'credit', 0)
  return { 'OK', pcount }
end)
