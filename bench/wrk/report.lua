-- Shared by every scenario: one line the bench parses. wrk's own --latency table has no p95.
-- Latencies are in microseconds; non2xx counts answers outside 2xx/3xx.
local report = {}

function report.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"durationUs":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end

-- Each wrk thread has a Lua state of its own; without distinct seeds both would send the same sequence.
local thread_number = 0
function report.setup(thread)
  thread_number = thread_number + 1
  thread:set("seed", thread_number)
end

function report.seed()
  math.randomseed(os.time() * 100 + (seed or 0))
end

-- Lines of a file the bench wrote (product ids, accounts).
function report.lines(path)
  local items = {}
  for line in io.lines(path) do
    if line ~= "" then items[#items + 1] = line end
  end
  return items
end

return report
