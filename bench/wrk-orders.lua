-- wrk script for bench/run: creates fault orders through POST /api/v1/orders, each for a real
-- line (the numbers listed in $BENCH_NUMBERS, cycled), so every request runs the whole
-- create-and-route path: ownership lookup, deadlines, the order and its events committed before
-- the 201. Every request carries its own Idempotency-Key (a random per-process prefix, so a
-- warm-up and the measured run never replay each other's keys). The session cookie comes from -H.
dofile(os.getenv("BENCH_REPORT_LUA"))

local numbers = {}
for line in io.lines(os.getenv("BENCH_NUMBERS")) do
  if line ~= "" then numbers[#numbers + 1] = line end
end
assert(#numbers > 0, "wrk-orders.lua: no numbers in " .. os.getenv("BENCH_NUMBERS"))

local function random_hex(n)
  local f = assert(io.open("/dev/urandom", "rb"))
  local bytes = f:read(n)
  f:close()
  return (bytes:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local thread_no = 0
setup = function(thread)
  thread:set("offset", thread_no * 7919)
  thread:set("prefix", random_hex(8) .. "-" .. thread_no)
  thread_no = thread_no + 1
end

local i, n = 0, 0
init = function(args)
  i = (offset or 0) % #numbers
end

request = function()
  i = i % #numbers + 1
  n = n + 1
  local body = '{"type":"fault","number":"' .. numbers[i] ..
               '","summary":"bench: 电话无拨号音","contactPhone":"13800000000"}'
  -- wrk.format takes the headers given in place of wrk.headers (which hold -H's cookie): merge them.
  local headers = {["Content-Type"] = "application/json", ["Idempotency-Key"] = prefix .. "-" .. n}
  for k, v in pairs(wrk.headers) do headers[k] = v end
  return wrk.format("POST", "/api/v1/orders", headers, body)
end
