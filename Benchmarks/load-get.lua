-- GET requests (the URL on wrk's command line), reported by load-report.lua.
dofile("Benchmarks/load-report.lua")
