-- wrk script: each connection waits WRK_PACE_MS milliseconds before each request, so the load is
-- a steady rate (about connections × 1000 / (pace + latency) a second) below what the server can
-- take, instead of as much as it can take.
local pace = tonumber(os.getenv("WRK_PACE_MS")) or 0

function delay()
  return pace
end
