--[[
  Several hold and release decisions of one trip in one run, one after the other, each exactly as
  hold-6.lua / release-6.lua would make it alone (its own version, changed seats and expired holds).
  The server sends the decisions that arrive within one event-loop turn together: one round trip and
  one script call instead of one each.
  KEYS: see _lib.lua (meta, occ, holds, exp, caps, gc)
  ARGV: decisions one after another, each: name ('hold' | 'release'), n (count of its arguments), then
  its n arguments (as hold_op / release_op in _lib.lua list them)
  Returns { reply, reply, … }: one reply(code, version, changed, expired, extra) per decision, in order;
  a decision that raised an error (a damaged key) replies { 'ERR', 0, {}, {}, { message } } and the
  others still stand, as they would have run alone.
  A decision never sees a half-made earlier one: each runs to its end before the next begins.
]]
-- @include _lib.lua

local ops = { hold = hold_op, release = release_op }
local replies = {}
local i = 1
while i <= #ARGV do
  local op = ops[ARGV[i]]
  if not op then error('unknown decision ' .. tostring(ARGV[i])) end
  local n = tonumber(ARGV[i + 1])
  local a = {}
  for j = 1, n do a[j] = ARGV[i + 1 + j] end
  begin_decision()
  local ok, r = pcall(op, a)
  if not ok then
    local message = type(r) == 'table' and (r.err or r.message) or tostring(r)
    r = { 'ERR', 0, {}, {}, { message } }
  end
  replies[#replies + 1] = r
  i = i + 2 + n
end
return replies
