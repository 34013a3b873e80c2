-- wrk hook for bench/run: after a run, prints one machine-readable line
--   BENCH requests=… seconds=… rps=… p50_ms=… p99_ms=… err_status=… …
-- Latencies come from wrk's own histogram (latency:percentile, microseconds), the same one
-- behind `--latency`. Only `done` is defined: a per-request `response` hook would cost Lua
-- calls on every response and slow the load generator, which shares the machine's 2 cores.
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local function ms(us) return us / 1000.0 end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f bytes=%d " ..
    "mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, secs, summary.requests / secs, summary.bytes,
    ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(99)), ms(latency:percentile(99.9)), ms(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout))
end
