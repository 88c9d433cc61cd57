-- POST /scenarios/coverage with the same scenario every time (Debdeb open at 100 km): after the
-- first request, the reply cache answers.
dofile("Benchmarks/load-report.lua")
wrk.method = "POST"
wrk.path = "/scenarios/coverage?radius=100"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name": "debdeb open", "status": {"debdeb": "open"}}'
