-- POST an order to the catalogue item in STEWARD_BENCH_PATH
-- (/api/v1/catalog-items/<name>/order): a request raised, submitted and,
-- by the item's policy, either waiting for its approvers or approved at
-- once with its plan's tasks made.  Each thread counts the tickets its
-- 201s made: STEWARD_BENCH_TICKETS per order (the request and its tasks).
package.path = package.path .. ";" .. os.getenv("STEWARD_BENCH_LUA") .. "/?.lua"
local c = require("common")
local path = os.getenv("STEWARD_BENCH_PATH")
local per = tonumber(os.getenv("STEWARD_BENCH_TICKETS") or "1")
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function() created = 0 end
request = function()
  return wrk.format("POST", path, c.headers,
    '{"variables":{"model":"developer","ram":32,"note":"ordered by make bench"}}')
end
response = function(status) if status == 201 then created = created + per end end
done = function()
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("created") end
  io.write(string.format("created=%d\n", total))
end
