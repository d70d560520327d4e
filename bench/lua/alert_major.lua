-- alert.lua with major alerts: each opens an incident (the source's storm
-- limit is raised for the benchmark), so the latency is alert -> incident.
severity = "major"
dofile(os.getenv("STEWARD_BENCH_LUA") .. "/alert.lua")
