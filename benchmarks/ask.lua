-- wrk script: POST /api/ask with the dev questions in turn, one JSON body per line of the file
-- given after `--`; prints the figures as one JSON line for benchmarks/load.py.
local bodies = {}
local next_body = 0

init = function(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
end

request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/api/ask", { ["Content-Type"] = "application/json" }, bodies[next_body])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
