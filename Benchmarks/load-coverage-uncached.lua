-- POST /scenarios/coverage at radii 50, 51 … 249 km in turn: 200 distinct requests against a
-- 64-entry cache, so nearly every request computes coverage, catchments and gaps afresh.
dofile("Benchmarks/load-report.lua")
local counter = 0
request = function()
  counter = counter + 1
  local radius = 50 + (counter * 37) % 200
  return wrk.format("POST", "/scenarios/coverage?radius=" .. radius, { ["Content-Type"] = "application/json" },
                    '{"name": "debdeb open", "status": {"debdeb": "open"}}')
end
