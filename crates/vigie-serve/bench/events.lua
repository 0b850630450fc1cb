-- Rotates through the queries the dashboard's table and other clients make.
-- VIGIE_BENCH_QUERIES=indexed keeps only those that the store answers from
-- an index (no filter, country, type, dates, sub-type); the default, all,
-- adds admin1 + fatality sort, bbox, actor and unfiltered fatality sort.
local all = {
  "/api/events",
  "/api/events?country=Mali",
  "/api/events?type=Battles&from=2024-01-01&to=2024-06-30",
  "/api/events?country=Niger&admin1=Tillaberi&sort=fatalities",
  "/api/events?bbox=-2,13,1,16&limit=50",
  "/api/events?actor=jnim&limit=50&offset=200",
  "/api/events?sort=fatalities&limit=100",
  "/api/events?from=2023-06&to=2023-06&type=Protests",
  "/api/events?country=Burkina%20Faso&offset=1000&limit=50",
  "/api/events?sub_type=Air%2Fdrone%20strike&sort=date&order=asc",
}
local indexed = {
  "/api/events",
  "/api/events?country=Mali",
  "/api/events?type=Battles&from=2024-01-01&to=2024-06-30",
  "/api/events?from=2023-06&to=2023-06&type=Protests",
  "/api/events?country=Burkina%20Faso&offset=1000&limit=50",
  "/api/events?sub_type=Air%2Fdrone%20strike&sort=date&order=asc",
}
local paths = (os.getenv("VIGIE_BENCH_QUERIES") == "indexed") and indexed or all
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("requests: %d in %.1f s (%.0f req/s), non-2xx: %d, socket errors: %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("p%d: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("max: %.2f ms\n", latency.max / 1000))
end
