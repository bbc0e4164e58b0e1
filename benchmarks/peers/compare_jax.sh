#!/usr/bin/env bash
# The Hopfield free phase (784-500-10, batch 64, 30 steps of 0.5), nudge vs JAX-jit float64, in
# one run (issue 4, item 8). Makes benchmarks/peers/.venv with jax[cpu] if missing, builds
# hopfield-free-phase-timer in release, then compare_jax.py runs both, alternating, and prints
# the times and the ratios nudge/JAX and nudge/GEMM floor. Arguments go to compare_jax.py
# (--rounds, --repeats). OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are passed through untouched;
# OPENBLAS_NUM_THREADS is set per nudge run (1, then 2). JAX runs XLA's own CPU kernels.
set -euo pipefail
peers="$(cd "$(dirname "$0")" && pwd)"
benchmarks="$(dirname "$peers")"
venv="$peers/.venv"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import jax" 2>/dev/null; then
    echo "compare_jax: making $venv with jax[cpu]" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet "jax[cpu]"
fi

echo "compare_jax: building hopfield-free-phase-timer (release)" >&2
(cd "$benchmarks" && swift build -c release --product hopfield-free-phase-timer >&2)
timer="$(cd "$benchmarks" && swift build -c release --show-bin-path)/hopfield-free-phase-timer"

exec "$venv/bin/python" "$peers/compare_jax.py" --timer "$timer" "$@"
