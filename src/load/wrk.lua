-- verdict's wrk script: picks each request's path and prints the summary as one JSON line.
-- VERDICT_ID_MAX > 0 replaces {id} in VERDICT_PATH with a random id in [1, VERDICT_ID_MAX].
local path = os.getenv("VERDICT_PATH") or "/"
local idMax = tonumber(os.getenv("VERDICT_ID_MAX") or "0")

-- A fixed path makes a static script: wrk formats the request once instead of calling Lua for
-- every request (defining `request` at all makes wrk call it each time).
if idMax > 0 then
  request = function()
    return wrk.format(nil, (path:gsub("{id}", tostring(math.random(1, idMax)))))
  end
else
  wrk.path = path
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'VERDICT_RESULT {"responses":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%f,"p90":%f,"p99":%f,"p999":%f,"max":%f,"mean":%f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean))
end
