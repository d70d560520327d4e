-- Approve pending approvals, one each: the approvals of the requests the
-- driver raised beforehand (ids STEWARD_BENCH_FROM up to
-- STEWARD_BENCH_LAST, one approver each).  Thread i of the
-- STEWARD_BENCH_STRIDE threads takes from + i, from + i + stride, ... so
-- no two requests decide the same approval; an id past the last is a 404
-- (counted as non-2xx: the batch ran out).  Each decision approves its
-- request through the engine (audit, approval_decided, the kind's
-- approve action).  done() prints where the next run starts (next=).
package.path = package.path .. ";" .. os.getenv("STEWARD_BENCH_LUA") .. "/?.lua"
local c = require("common")
local from = tonumber(os.getenv("STEWARD_BENCH_FROM") or "1")
local stride = tonumber(os.getenv("STEWARD_BENCH_STRIDE") or "1")
local threads = {}
setup = function(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end
init = function() n = 0; decided = 0 end
request = function()
  local id = from + index + n * stride
  n = n + 1
  return wrk.format("POST", "/api/v1/approvals/" .. id .. "/approve", c.headers, '{"comment":"approved by make bench"}')
end
response = function(status) if status == 200 then decided = decided + 1 end end
done = function()
  local most, total = 0, 0
  for _, t in ipairs(threads) do
    most = math.max(most, t:get("n"))
    total = total + t:get("decided")
  end
  io.write(string.format("created=0\nnext=%d\ndecided=%d\n", from + most * stride, total))
end
