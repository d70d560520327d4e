-- PATCH a random incident with its current version: a stale version
-- (someone else patched it meanwhile) answers 412 and counts apart.
package.path = package.path .. ";" .. os.getenv("STEWARD_BENCH_LUA") .. "/?.lua"
local c = require("common")
local n = tonumber(os.getenv("STEWARD_BENCH_N"))
local base = tonumber(os.getenv("STEWARD_BENCH_BASE") or "1")
local versions = {}
local last
request = function()
  last = base + math.random(0, n - 1)
  local h = { ["Authorization"] = c.headers["Authorization"], ["Content-Type"] = "application/json",
              ["If-Match"] = tostring(versions[last] or 1) }
  return wrk.format("PATCH", string.format("/api/v1/incidents/INC%07d", last), h, '{"urgency":1}')
end
response = function(status, headers, body)
  local etag = headers["ETag"] or headers["etag"]
  if etag and last then versions[last] = tonumber((string.gsub(etag, '"', ""))) end
  if status == 412 and last and body then
    local v = string.match(body, '"current_version":(%d+)')
    if v then versions[last] = tonumber(v) end
  end
end
