# nudge — the two commands of the README:
#   make demo   installs what is missing, builds in release mode, runs the main job
#   make test   installs what is missing, runs the whole test suite
SHELL := /bin/bash
SYSTEM_PACKAGES := libfftw3-dev libopenblas-dev liblapacke-dev libsuitesparse-dev zlib1g-dev pkg-config ngspice lammps chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
SWIFT ?= swift

MPI_PACKAGES := libopenmpi-dev openmpi-bin
# The MPI build lives beside the default one, so that neither rebuilds the other.
MPI_BUILD := --traits MPI --scratch-path .build-mpi

.PHONY: deps deps-mpi build mpi demo test test-mpi benchmarks clean fashion-mnist

deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

deps-mpi: deps
	@missing=""; \
	for p in $(MPI_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# nudge with MPI (Open MPI): .build-mpi/release/nudge, for `mpirun -n P .build-mpi/release/nudge train|sweep ...`
mpi: deps-mpi
	$(SWIFT) build -c release --product nudge $(MPI_BUILD)

# The MPI tests: data-parallel training equals the one-process run, a distributed sweep gathers
# one CSV and resumes, a failing or killed process ends the job with its rank (docs/mpi.md).
test-mpi: deps-mpi
	$(SWIFT) build --build-tests $(MPI_BUILD)
	$(SWIFT) test --skip-build --disable-swift-testing $(MPI_BUILD) --filter "MPITests|DataParallel"

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
	@echo "== the main job: a deep resistive network learns the 8x8 digits in place, with EP =="
	@echo "   (64-100-10: 128 input sources (x, -x), ideal-diode rectifiers clipping each hidden node"
	@echo "    to [0, 1] V, amplifiers of gain 4, 10 differential output pairs, 1 pF at every node; every"
	@echo "    phase of every minibatch relaxed exactly by block coordinate descent; centered nudges of"
	@echo "    +-1 uS; each resistor measures its own 0.5*dV^2; Adam's steps sent to the conductances as"
	@echo "    0.1 uS pulses (circuits/drn_digits.hardware), clipped to [1 uS, 1 mS])"
	@echo "   beside it, the backprop MLP of the same sizes on the same data and epochs; then the energy"
	@echo "   of one update on this hardware beside the same step on digital hardware (docs/energy.md)"
	@rm -rf runs/demo
	.build/release/nudge train circuits/drn_digits.drn --data digits --epochs 60 --batch 32 \
	  --lr 2e-6 --beta 1e-6 --estimator centered --probe 32 --baseline mlp --seed 1 \
	  --hardware circuits/drn_digits.hardware --out runs/demo
	@echo
	@echo "== the same kind of network as a circuit: circuits/drn_small.drn (Shockley diodes), nudge vs ngspice =="
	.build/release/nudge export-spice circuits/drn_small.drn --output runs/demo/drn_small.cir
	.build/release/nudge op runs/demo/drn_small.cir | grep -E '^(h1_|y[01][pn] )' || true
	@echo "-- ngspice -b runs/demo/drn_small.cir:"
	@ngspice -b runs/demo/drn_small.cir 2>/dev/null | grep -P '^\t(h1_|y[01][pn]\s)' || true
	@echo
	@echo "== does learning survive coarse devices? the same run (20 epochs) at 8 ... 1024 conductance levels =="
	@rm -rf runs/demo-levels
	.build/release/nudge sweep circuits/drn_digits.drn --data digits --epochs 20 --batch 32 --lr 2e-6 \
	  --beta 1e-6 --probe 0 --seed 1 --hardware circuits/drn_digits.hardware \
	  --parameter levels --values 8,32,128,1024 --out runs/demo-levels
	.build/release/nudge report runs/demo-levels
	@echo
	@echo "== the report of the main job (training curves, EP vs exact, energy per update, analog vs digital) =="
	.build/release/nudge report runs/demo

# The suite is XCTest; Swift Testing is disabled so that the run closes on XCTest's summary.
# Then the shipped elastic-network and oscillator-network tasks, trained from their seeds on the
# release build, must reach the figures recorded in their files (circuits/check_elastic_tasks.sh,
# circuits/check_oscillator_tasks.sh; a few minutes each), and the finite-temperature tasks
# (circuits/check_thermal_tasks.sh, about 20 s), and the quantum EP tasks (circuits/check_quantum_tasks.sh,
# a TFIM learning XOR and quantum vs classical EP on a harmonic network, about 2 s).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing
	$(SWIFT) build -c release --product nudge
	bash circuits/check_elastic_tasks.sh .build/release/nudge
	bash circuits/check_oscillator_tasks.sh .build/release/nudge
	bash circuits/check_thermal_tasks.sh .build/release/nudge
	bash circuits/check_quantum_tasks.sh .build/release/nudge

benchmarks: deps
	cd benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build .build-mpi benchmarks/.build
