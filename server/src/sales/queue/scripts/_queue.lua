--[[
  Shared helpers of the waiting-room scripts, inlined by the loader (`-- @include _queue.lua`).
  Every script of a sale takes keys hash-tagged `{sale:ID}` (one Redis Cluster slot):
    KEYS[1] meta  hash: commitment, seed, salt, committedAt (the lottery),
                  frozen ('1' once the pre-queue is closed), pcount (pre-queue size when frozen),
                  late (arrivals after the freeze), opened ('1' once the lottery gave the pre-queue
                  its places), openedAt, digest (SHA-256 of the drawn order), cursor (every place <=
                  cursor has been admitted), credit / last (admission token bucket), admitted (total)
    KEYS[2] pre   hash: userId -> entrant hash (arrivals before opensAt: the lottery's entrants)
    KEYS[3] q     zset: userId -> place (1, 2, 3 …: the lottery's order, then arrival order)
    KEYS[4] adm   zset: userId -> admission expiresAt ms
  A user's position is `place - cursor`: one counter read per sale gives every waiter's position.
  A field that is not what these scripts wrote answers {'CORRUPT', name} instead of guessing.
]]

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local Corrupt = {}

-- A numeric meta field (default when absent); raises Corrupt when it holds something else.
local function meta_num(field, default)
  local v = redis.call('HGET', KEYS[1], field)
  if not v then return default end
  local n = tonumber(v)
  if n == nil then error({ corrupt = 'meta.' .. field }) end
  return n
end

local function guarded(body)
  local ok, res = pcall(body)
  if ok then return res end
  if type(res) == 'table' and res.corrupt then return { 'CORRUPT', res.corrupt } end
  if type(res) == 'table' and res.err then return redis.error_reply(res.err) end
  return redis.error_reply(tostring(res))
end
