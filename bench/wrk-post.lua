-- wrk script for bench/run: POSTs the JSON body in the file $BENCH_BODY to the URL's path, over and
-- over (used to fill a community's queue for the board benchmark). The session cookie comes from -H.
-- With $BENCH_MAX_REQUESTS, each thread stops after that many answers (run it with -t1 to send about
-- that many in all: the requests in flight when it stops, at most one per connection, still land).
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

local max = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "")
local answered = 0
response = function(status, headers, body)
  answered = answered + 1
  if max and answered >= max then wrk.thread:stop() end
end
