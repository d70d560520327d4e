-- POST a new ticket to the collection in STEWARD_BENCH_PATH (incidents,
-- problems, changes: the body suits them all); each thread counts the 201s it got.
package.path = package.path .. ";" .. os.getenv("STEWARD_BENCH_LUA") .. "/?.lua"
local c = require("common")
local path = os.getenv("STEWARD_BENCH_PATH")
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function() created = 0 end
request = function()
  return wrk.format("POST", path, c.headers,
    '{"title":"Benchmark ticket","description":"created by make bench","impact":2,"urgency":2}')
end
response = function(status) if status == 201 then created = created + 1 end end
done = function()
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("created") end
  io.write(string.format("created=%d\n", total))
end
