# nudge — the two commands of the README:
#   make demo   installs what is missing, builds in release mode, runs the main job
#   make test   installs what is missing, runs the whole test suite
SHELL := /bin/bash
SYSTEM_PACKAGES := libfftw3-dev libopenblas-dev liblapacke-dev libsuitesparse-dev pkg-config ngspice
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
SWIFT ?= swift

.PHONY: deps build demo test benchmarks clean

deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product nudge

demo: build
	@echo "== relax a diode-clamped resistive network to its settled state (TR-BDF2) =="
	.build/release/nudge relax circuits/diode_clamp.cir
	@echo
	@echo "== the same circuit by the direct DC solver, which relaxation must agree with =="
	.build/release/nudge op circuits/diode_clamp.cir
	@echo
	@echo "== and ngspice's operating point of the same file, unchanged =="
	@ngspice -b circuits/diode_clamp.cir 2>/dev/null | grep -P '^\t[a-z0-9_.#]+\s+-?[0-9]' || true

# The suite is XCTest; Swift Testing is disabled so that the run closes on XCTest's summary.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

benchmarks: deps
	cd benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build benchmarks/.build
