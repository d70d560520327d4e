-- GET the path given in STEWARD_BENCH_PATH: %d is replaced by a random
-- incident number (STEWARD_BENCH_BASE up to STEWARD_BENCH_N of them), %p by
-- a random problem number (1 up to STEWARD_BENCH_PROBLEMS).
package.path = package.path .. ";" .. os.getenv("STEWARD_BENCH_LUA") .. "/?.lua"
local c = require("common")
local path = os.getenv("STEWARD_BENCH_PATH")
local n = tonumber(os.getenv("STEWARD_BENCH_N") or "1")
local base = tonumber(os.getenv("STEWARD_BENCH_BASE") or "1")
local problems = tonumber(os.getenv("STEWARD_BENCH_PROBLEMS") or "1")
request = function()
  local p = string.gsub(path, "%%d", function() return string.format("%07d", base + math.random(0, n - 1)) end)
  p = string.gsub(p, "%%p", function() return string.format("%07d", math.random(1, problems)) end)
  return wrk.format("GET", p, c.headers)
end
