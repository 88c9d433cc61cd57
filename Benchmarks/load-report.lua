-- Shared by the load scripts: one JSON line with the figures the README reports.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOAD {"requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"socket_errors":%d,"non_2xx":%d,"p50_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
