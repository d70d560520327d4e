-- alert.lua on the fast path: "Prefer: respond-async", answered 202 once
-- the event is committed to the inbox, processed after by the ingestion
-- worker (docs/events.md).  Accepted events/s is requests/s.
prefer = "respond-async"
dofile(os.getenv("STEWARD_BENCH_LUA") .. "/alert.lua")
