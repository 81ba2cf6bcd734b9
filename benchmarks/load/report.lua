-- wrk script: prints one machine-readable summary line that run.sh parses.
-- Latencies are in microseconds, duration in microseconds.
done = function(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      "WRK requests=%d duration_us=%d bytes=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d lat_mean_us=%.1f lat_p50_us=%d lat_p99_us=%d lat_max_us=%d\n",
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency.mean, latency:percentile(50), latency:percentile(99), latency.max))
end
