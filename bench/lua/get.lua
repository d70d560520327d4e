-- GET one of the path given in STEWARD_BENCH_PATH (%d is replaced by a random number below STEWARD_BENCH_N).
package.path = package.path .. ";" .. os.getenv("STEWARD_BENCH_LUA") .. "/?.lua"
local c = require("common")
local path = os.getenv("STEWARD_BENCH_PATH")
local n = tonumber(os.getenv("STEWARD_BENCH_N") or "1")
local base = tonumber(os.getenv("STEWARD_BENCH_BASE") or "1")
request = function()
  local p = string.gsub(path, "%%d", string.format("%07d", base + math.random(0, n - 1)))
  return wrk.format("GET", p, c.headers)
end
