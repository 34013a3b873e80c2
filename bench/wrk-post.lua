-- wrk script for bench/run: POSTs the JSON body in the file $BENCH_BODY to the URL's path, over and
-- over (used to fill a community's queue for the board benchmark). The session cookie comes from -H.
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
