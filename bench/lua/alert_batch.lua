-- alert.lua with 100 info events in each request, as a monitoring system
-- sends a group of alerts: alerts accepted per second are requests x 100.
batch = 100
dofile(os.getenv("STEWARD_BENCH_LUA") .. "/alert.lua")
