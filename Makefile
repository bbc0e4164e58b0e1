# nudge — the two commands of the README:
#   make demo   installs what is missing, builds in release mode, runs the main job
#   make test   installs what is missing, runs the whole test suite
SHELL := /bin/bash
SYSTEM_PACKAGES := libfftw3-dev libopenblas-dev liblapacke-dev libsuitesparse-dev zlib1g-dev pkg-config ngspice
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
SWIFT ?= swift

.PHONY: deps build demo test benchmarks clean fashion-mnist

deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# Fashion-MNIST (MIT; not shipped with nudge): Debian installs the four gzip-compressed IDX
# files into /usr/share/datasets/fashion-mnist/, where FashionMNIST.load() reads them.
fashion-mnist:
	@dpkg -s dataset-fashion-mnist >/dev/null 2>&1 || { \
	  echo "installing: dataset-fashion-mnist"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq dataset-fashion-mnist >/dev/null; \
	}
	@ls /usr/share/datasets/fashion-mnist/

build: deps
	$(SWIFT) build -c release --product nudge

demo: build
	@echo "== train a resistor-diode network in place to compute XOR, with Equilibrium Propagation =="
	@echo "   (free phase, nudged phases at beta = +-1 uS, local measurement of each resistor's"
	@echo "    0.5*dV^2, Adam on the conductances; every relaxation integrated with TR-BDF2)"
	@rm -rf runs/demo-xor-diode runs/demo-xor-linear
	.build/release/nudge train circuits/xor_diode.cir --data data/xor.csv --epochs 80 --batch 4 \
	  --optimizer adam --lr 3e-6 --estimator centered --beta 1e-6 --seed 1 --out runs/demo-xor-diode
	@echo
	@echo "== the same network without its diodes cannot: it is affine in its inputs =="
	.build/release/nudge train circuits/xor_linear.cir --data data/xor.csv --epochs 80 --batch 4 \
	  --optimizer adam --lr 3e-6 --estimator centered --beta 1e-6 --seed 1 --out runs/demo-xor-linear
	@echo
	@echo "== per-epoch metrics of the diode network (runs/demo-xor-diode/metrics.csv, every 10th epoch) =="
	@awk -F, 'NR == 1 { printf "%-6s %-12s %-15s %-18s %-17s %s\n", $$1, $$2, $$3, $$6, $$8, $$9 } \
	  NR > 1 && (NR - 1) % 10 == 0 { printf "%-6d %-12.4g %-15.2f %-18.12f %-17.4g %.4g\n", $$1, $$2, $$3, $$6, $$8, $$9 }' \
	  runs/demo-xor-diode/metrics.csv
	@echo
	@echo "== relaxing a diode-clamped network vs the direct DC solve vs ngspice on the same file =="
	.build/release/nudge relax circuits/diode_clamp.cir
	@echo
	.build/release/nudge op circuits/diode_clamp.cir
	@echo
	@ngspice -b circuits/diode_clamp.cir 2>/dev/null | grep -P '^\t[a-z0-9_.#]+\s+-?[0-9]' || true

# The suite is XCTest; Swift Testing is disabled so that the run closes on XCTest's summary.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

benchmarks: deps
	cd benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build benchmarks/.build
