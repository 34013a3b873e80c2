-- wrk script for bench/run: requests the paths listed in the file $BENCH_PATHS (one per line,
-- e.g. /api/v1/ownership?phone=073180000000), cycling through them; each thread starts at its
-- own offset. The URL given to wrk supplies only host and port. The headers given with -H (the
-- session cookie) go with every request. The BENCH summary line comes from wrk-report.lua
-- ($BENCH_REPORT_LUA), loaded here so both scripts report the same way.
dofile(os.getenv("BENCH_REPORT_LUA"))

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
assert(#paths > 0, "wrk-paths.lua: no paths in " .. os.getenv("BENCH_PATHS"))

local thread_no = 0
setup = function(thread)
  thread:set("offset", thread_no * 7919)
  thread_no = thread_no + 1
end

local i = 0
init = function(args)
  i = (offset or 0) % #paths
end

request = function()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end
