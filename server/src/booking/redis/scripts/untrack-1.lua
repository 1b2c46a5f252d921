--[[
  Drops a trip from the sweeper's set of trips with live holds, unless a hold was made since `cutoff`
  (a hold made while the sweeper looked must keep its trip tracked).
  KEYS[1] zset of tripId -> ms of its latest hold
  ARGV[1] tripId  ARGV[2] cutoff ms
  Returns 1 if removed, 0 if kept.
]]
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
