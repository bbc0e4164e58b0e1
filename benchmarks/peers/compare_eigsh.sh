#!/usr/bin/env bash
# The ground state of 16- and 20-spin transverse-field Ising rings, nudge (Lanczos, and
# EigenstateSolver as EP uses it) vs scipy's eigsh on the same Hamiltonian, in one run (issue 8,
# "Tests and benchmarks"; target ratio nudge/scipy ≤ 1). Makes benchmarks/peers/.venv with numpy
# and scipy if missing, builds tfim-ground-timer in release, then compare_eigsh.py runs both,
# alternating, one process per measurement, and prints times, ratios and peak RSS. Arguments go
# to compare_eigsh.py (--spins, --rounds, --json). OPENBLAS_NUM_THREADS is set per run (1, then
# 2) on both sides; OPENBLAS_CORETYPE is passed through untouched.
set -euo pipefail
peers="$(cd "$(dirname "$0")" && pwd)"
benchmarks="$(dirname "$peers")"
venv="$peers/.venv"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import numpy, scipy" 2>/dev/null; then
    echo "compare_eigsh: making $venv with numpy and scipy" >&2
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet numpy scipy
fi

echo "compare_eigsh: building tfim-ground-timer (release)" >&2
(cd "$benchmarks" && swift build -c release --product tfim-ground-timer >&2)
timer="$(cd "$benchmarks" && swift build -c release --show-bin-path)/tfim-ground-timer"

exec "$venv/bin/python" "$peers/compare_eigsh.py" --timer "$timer" "$@"
