--[[
  Several hold and release decisions of one trip in one run, one after the other, each exactly as
  hold-6.lua / release-6.lua would make it alone (its own version, changed seats and expired holds).
  The server sends the decisions that arrive within one event-loop turn together: one round trip and
  one script call instead of one each.
  KEYS: see _lib.lua (meta, occ, holds, exp, caps, gc)
  ARGV: one argument per decision: its name ('hold' | 'release') and its arguments (as hold_op /
  release_op in _lib.lua list them), joined by NUL (no id contains one); one argument each because
  Redis and the client pay per argument
  Returns one string: each decision's reply(code, version, changed, expired, extra), in order, flattened
  as code, version, #changed, changed…, #expired, expired…, #extra, extra…, every field joined by NUL
  (numbers in decimal). One string rather than nested lists: the client pays an object and a conversion
  per reply element, on the busiest thread of the booking server, and a batch has dozens of decisions.
  A decision that raised an error (a damaged key) replies 'ERR', 0, {}, {}, { message } and the others
  still stand, as they would have run alone.
  A decision never sees a half-made earlier one: each runs to its end before the next begins.
  The run reserves its decisions' versions at once and writes the operator counts once, at its end
  (bump and count in _lib.lua).
]]
-- @include _lib.lua

local ops = { hold = hold_op, release = release_op }

-- A decision's argument: its name and fields, NUL-separated.
local function fields(s)
  local out, n, from = {}, 0, 1
  while true do
    local at = string.find(s, '\0', from, true)
    n = n + 1
    if not at then
      out[n] = string.sub(s, from)
      return out
    end
    out[n] = string.sub(s, from, at - 1)
    from = at + 1
  end
end

-- The replies, flattened as the header says. A number's decimal text is made once per run: a batch's
-- replies repeat the same counts, leg masks and versions, and each string.format is a C call.
local out, n = {}, 0
local decimal = {}
local function put(x)
  n = n + 1
  local t = type(x)
  if t == 'string' then
    out[n] = x
  elseif t == 'number' and x == x then
    local s = decimal[x]
    if not s then
      s = string.format('%d', x)
      decimal[x] = s
    end
    out[n] = s
  else
    out[n] = tostring(x)
  end
end
local function put_list(list)
  put(#list)
  for _, x in ipairs(list) do put(x) end
end

run_decisions = #ARGV
deferred_counts = {}
for i = 1, #ARGV do
  local a = fields(ARGV[i])
  local op = ops[a[1]]
  if not op then error('unknown decision ' .. tostring(a[1])) end
  table.remove(a, 1)
  begin_decision()
  local ok, r = pcall(op, a)
  if not ok then
    local message = type(r) == 'table' and (r.err or r.message) or tostring(r)
    r = { 'ERR', 0, {}, {}, { (string.gsub(tostring(message), '%z', ' ')) } }
  end
  put(r[1])
  put(r[2])
  put_list(r[3])
  put_list(r[4])
  put_list(r[5])
end
flush_counts()
return table.concat(out, '\0')
