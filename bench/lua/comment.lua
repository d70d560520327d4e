-- POST a public comment on a random incident.
package.path = package.path .. ";" .. os.getenv("STEWARD_BENCH_LUA") .. "/?.lua"
local c = require("common")
local n = tonumber(os.getenv("STEWARD_BENCH_N"))
local base = tonumber(os.getenv("STEWARD_BENCH_BASE") or "1")
request = function()
  local p = string.format("/api/v1/incidents/INC%07d/comments", base + math.random(0, n - 1))
  return wrk.format("POST", p, c.headers, '{"body":"benchmark comment"}')
end
