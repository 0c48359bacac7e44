-- A wrk `done` hook for `verdict import wrk`: prints, after wrk's own summary, two lines that
-- verdict reads:
--   VERDICT_RESULT {"responses":N,"durationUs":N,"connect":N,"read":N,"write":N,"status":N,"timeout":N,
--                   "p50":US,"p90":US,"p99":US,"p999":US,"max":US,"mean":US}
--     (the line verdict's own src/load/wrk.lua prints; latencies in microseconds)
--   VERDICT_DISTRIBUTION {"unit":"us","counts":[[VALUE,COUNT],...]}
--     (every latency wrk recorded: each distinct value in microseconds with how many requests
--      took exactly that long, so verdict computes any percentile of the whole run)
-- Use it as is (wrk -s wrk-done.lua ...), or copy this `done` function into your own script.
-- wrk keeps one latency record for all its threads, so the distribution covers every request.
-- wrk 4 adds its own coordinated-omission correction to that record before `done` (stats_correct
-- in wrk.c: a response slower than twice the mean interval also counts at the shorter latencies
-- a request sent on time would have seen), so the counts can add up to more than the responses,
-- exactly as in the percentiles wrk prints itself.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'VERDICT_RESULT {"responses":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%f,"p90":%f,"p99":%f,"p999":%f,"max":%f,"mean":%f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
  -- latency(i) is wrk's i-th distinct recorded value and its count; #latency is how many there are.
  -- wrk finds the i-th value by scanning from the smallest, so the loop costs about
  -- (distinct values) x (max - min) steps: nothing for latencies within a few milliseconds, far too
  -- long for a long run with a tail of seconds. Past MAX_SCAN steps the distribution is left out
  -- (the line above still carries wrk's exact percentiles) and the reason is printed instead.
  local MAX_SCAN = tonumber(os.getenv("VERDICT_DISTRIBUTION_MAX_SCAN") or "2e9")
  local distinct = #latency
  if distinct * (latency.max - latency.min) > MAX_SCAN then
    io.write(string.format('VERDICT_DISTRIBUTION_SKIPPED {"distinct":%d,"min":%d,"max":%d,"maxScan":%d}\n', distinct, latency.min, latency.max, MAX_SCAN))
    return
  end
  local parts = {}
  for i = 1, #latency do
    local value, count = latency(i)
    parts[#parts + 1] = string.format("[%d,%d]", value, count)
  end
  io.write('VERDICT_DISTRIBUTION {"unit":"us","counts":[', table.concat(parts, ","), ']}\n')
end
