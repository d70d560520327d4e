-- Shared by the benchmark scripts: the token comes in the environment,
-- each thread counts the answers by status so the driver can check that
-- every acknowledged create was stored.
local M = {}
M.token = os.getenv("STEWARD_BENCH_TOKEN")
M.headers = { ["Authorization"] = "Bearer " .. (M.token or ""), ["Content-Type"] = "application/json" }
return M
