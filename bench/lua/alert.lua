-- POST events to /api/v1/events as an event source (its token in
-- STEWARD_BENCH_SOURCE_TOKEN), each with a dedup key of its own: every
-- request is a new alert.  The severity is STEWARD_BENCH_SEVERITY's, or
-- `severity` set by a script that requires this one (alert_major.lua):
-- info is only recorded (accepted alerts/s), major opens an incident in
-- the same transaction (alert -> incident latency); `batch` (set by
-- alert_batch.lua) sends that many events in one request, as Alertmanager
-- sends a group; `prefer` (alert_async.lua) asks for the fast path.  Each thread counts the incidents the answers say were
-- opened.
local token = os.getenv("STEWARD_BENCH_SOURCE_TOKEN") or ""
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
if prefer then headers["Prefer"] = prefer end -- alert_async.lua: answered 202 once accepted
local path = os.getenv("STEWARD_BENCH_PATH")
local level = severity or os.getenv("STEWARD_BENCH_SEVERITY") or "info"
local per = batch or 1 -- events per request (alert_batch.lua: 100)
local threads, next_id = {}, 0
setup = function(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end
init = function() created, n = 0, 0 end
local function event()
  n = n + 1
  return string.format(
    '{"check":"BenchCheck","severity":"%s","message":"make bench","dedup_key":"bench-%s-%d-%d-%d","labels":{"job":"bench"}}',
    level, level, id, n, math.random(1, 1000000000))
end
request = function()
  if per == 1 then return wrk.format("POST", path, headers, event()) end
  local events = {}
  for i = 1, per do events[i] = event() end
  return wrk.format("POST", path, headers, "[" .. table.concat(events, ",") .. "]")
end
response = function(status, hdrs, body)
  if status == 200 then
    local k = body and body:match('"incidents":(%d+)')
    if k then created = created + tonumber(k) end
  end
end
done = function()
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("created") end
  io.write(string.format("created=%d\n", total))
end
