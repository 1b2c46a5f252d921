--[[
  Fixes the sale's lottery seed once: the first caller's seed wins, later calls read it back.
  KEYS[1] meta (see _queue.lua)
  ARGV[1] seed (64 hex)  ARGV[2] salt (32 hex)  ARGV[3] commitment = SHA-256(seed) hex
  Returns {'OK', commitment, salt, committedAt ms, opened ('0'|'1'), seed or '' (only once opened)}
]]
-- @include _queue.lua

return guarded(function()
  if not redis.call('HGET', KEYS[1], 'commitment') then
    redis.call('HSET', KEYS[1], 'seed', ARGV[1], 'salt', ARGV[2], 'commitment', ARGV[3], 'committedAt', now_ms())
  end
  local f = redis.call('HMGET', KEYS[1], 'commitment', 'salt', 'committedAt', 'opened', 'seed')
  if not f[2] or not f[3] or not f[5] then error({ corrupt = 'meta.seed' }) end
  local opened = f[4] == '1' and '1' or '0'
  return { 'OK', f[1], f[2], f[3], opened, opened == '1' and f[5] or '' }
end)
