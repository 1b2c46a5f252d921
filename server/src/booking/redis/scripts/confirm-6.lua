--[[
  After the purchase committed in Postgres: the hold's legs become sold. Postgres is the truth, so the
  sold legs are set even when the hold record is gone (cache reloaded) or expired meanwhile.
  Idempotent: confirming a purchased hold again changes nothing.
  KEYS: see _lib.lua
  ARGV[1] holdId  ARGV[2] allowance key of the buyer (used when the hold record is gone; else the
  hold's own key)  ARGV[3] leg mask  ARGV[4] 1 to count the seats as bought, 0 when the
  cache was just loaded from Postgres (which already counted them)  ARGV[5] outbox op id ('' none: an
  op already applied changes nothing)  ARGV[6..] seat ids
  Returns reply(code): 'OK' | 'COLD'
]]
-- @include _lib.lua

if not is_loaded() then return reply('COLD') end
local now = now_ms()
local id, key, mask = ARGV[1], ARGV[2], tonumber(ARGV[3])
local op = ARGV[5]
if op_seen(op) then return reply('OK') end
op_mark(op, now)
local raw = redis.call('HGET', KEYS[3], id)
local rec = raw and cjson.decode(raw) or nil
if rec and rec.st == 'P' then return reply('OK') end
if rec then key = cap_key(rec) end

local active = rec and rec.st == 'A'
local notmask = bit.bnot(mask)
for i = 6, #ARGV do
  local h, s = read_occ(ARGV[i])
  if active then h = bit.band(h, notmask) end
  write_occ(ARGV[i], h, bit.bor(s, mask))
end
local n = #ARGV - 5
if active then redis.call('HINCRBY', KEYS[5], 'h:' .. key, -n) end
if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[5], 'b:' .. key, n) end
if rec then
  rec.st = 'P'
  save_hold(id, rec)
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZADD', KEYS[6], now + GC_AFTER_MS, id)
end
expire_due(now)
return reply('OK')
