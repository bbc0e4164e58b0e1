#!/usr/bin/env python3
"""The JAX peer of nudge's Hopfield free phase (issue 4, item 8).

SB17's layered Hopfield energy, 784-500-10, batch 64, input clamped,

    E(s) = 1/2 sum s^2 - sum b rho(s) - sum_l rho(s_l)^T W_l rho(s_{l+1}),  rho = clip[0, 1]
    F    = dE/ds = s - rho'(s) [b + rho(s_{l-1}) W_{l-1} + rho(s_{l+1}) W_l^T]   (free layers)

relaxed by 30 steps of s <- clip(s - 0.5 F, 0, 1) on the free units from zero, with
rho'(s) = 1 on the closed interval [0, 1] (HopfieldLayers' convention). float64, jit-compiled,
one lax.fori_loop. The state is one B x n matrix (n = 784 + 500 + 10) as in nudge, the input
columns carried through the loop: every step reads rho(S_0) and multiplies it by W_0, as nudge
does, and the script checks in the optimised HLO that the loop body holds the three GEMMs
(S_0 W_0, S_2 W_1^T, S_1 W_1), i.e. that XLA did not hoist S_0 W_0 out of the loop.

Weights are Glorot-uniform, U(+-sqrt(6 / (n_l + n_{l+1}))), biases 0, inputs U[0, 1], all from
numpy's seeded PCG64. The result is checked against a plain numpy implementation of the same
steps. With --out DIR the script writes the parameters, inputs and final free states as raw
little-endian float64 (DIR/params.f64 in HopfieldLayers' layout: W_0 row-major, W_1 row-major,
b_1, b_2; DIR/inputs.f64; DIR/jax_free_states.f64, 64 x 510) for hopfield-free-phase-timer.

Also times the bare GEMMs of the 30 steps in JAX (the same loop without the element-wise work).
Prints one JSON object on stdout (with the process CPU time per call: CPU / wall is the number
of cores a call kept busy); --threads 1 pins the process to one core.
"""
import argparse
import json
import os
import sys
import time

SIZES = (784, 500, 10)
BATCH, STEPS, EPSILON = 64, 30, 0.5


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="timed calls (median reported)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls after compilation")
    parser.add_argument("--seed", type=int, default=784_500_10)
    parser.add_argument("--out", help="directory for the raw float64 files")
    parser.add_argument("--threads", type=int, choices=(1,), help="1: pin to one core")
    return parser.parse_args()


ARGS = parse_arguments()
if ARGS.threads == 1:
    # jaxlib 0.10's CPU client keeps two busy threads on two cores even with these XLA flags
    # (measured: CPU time / wall time 1.9), so the process is also pinned to one core; the
    # flags (set before jax is imported) just keep XLA from oversubscribing that core.
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") +
                               " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import numpy as np  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402

jax.config.update("jax_enable_x64", True)

N0, N1, N2 = SIZES
WIDTH = N0 + N1 + N2


def make_problem(seed):
    """Glorot-uniform W_0, W_1, zero biases, inputs in [0, 1] (numpy, float64)."""
    generator = np.random.Generator(np.random.PCG64(seed))
    w0 = generator.uniform(-1, 1, (N0, N1)) * np.sqrt(6.0 / (N0 + N1))
    w1 = generator.uniform(-1, 1, (N1, N2)) * np.sqrt(6.0 / (N1 + N2))
    b1, b2 = np.zeros(N1), np.zeros(N2)
    x = generator.uniform(0, 1, (BATCH, N0))
    return w0, w1, b1, b2, x


def rho(s):
    return jnp.clip(s, 0.0, 1.0)


def rho_prime(s):
    return ((s >= 0.0) & (s <= 1.0)).astype(s.dtype)


@jax.jit
def free_phase(w0, w1, b1, b2, x):
    """30 clipped-descent steps from zero free units; returns the B x n state matrix."""
    s = jnp.concatenate([x, jnp.zeros((BATCH, N1 + N2), x.dtype)], axis=1)

    def step(_, s):
        s0, s1, s2 = s[:, :N0], s[:, N0:N0 + N1], s[:, N0 + N1:]
        r0, r1, r2 = rho(s0), rho(s1), rho(s2)
        f1 = s1 - rho_prime(s1) * (b1 + r0 @ w0 + r2 @ w1.T)
        f2 = s2 - rho_prime(s2) * (b2 + r1 @ w1)
        free = jnp.clip(jnp.concatenate([s1 - EPSILON * f1, s2 - EPSILON * f2], axis=1), 0.0, 1.0)
        return lax.dynamic_update_slice(s, free, (0, N0))

    return lax.fori_loop(0, STEPS, step, s)


@jax.jit
def gemm_floor(w0, w1, s):
    """The bare GEMMs of 30 steps (S_0 W_0 + S_2 W_1^T into the hidden layer, S_1 W_1 into
    the output), each step's results written into the carried matrix so nothing is hoisted."""
    def step(_, s):
        s0, s1, s2 = s[:, :N0], s[:, N0:N0 + N1], s[:, N0 + N1:]
        hidden = s0 @ w0 + s2 @ w1.T
        out = s1 @ w1
        return lax.dynamic_update_slice(s, jnp.concatenate([hidden, out], axis=1), (0, N0))

    return lax.fori_loop(0, STEPS, step, s)


def numpy_free_phase(w0, w1, b1, b2, x):
    """The same steps in plain numpy."""
    s1, s2 = np.zeros((BATCH, N1)), np.zeros((BATCH, N2))
    r0 = np.clip(x, 0, 1)
    for _ in range(STEPS):
        r1, r2 = np.clip(s1, 0, 1), np.clip(s2, 0, 1)
        d1 = ((s1 >= 0) & (s1 <= 1)).astype(float)
        d2 = ((s2 >= 0) & (s2 <= 1)).astype(float)
        f1 = s1 - d1 * (b1 + r0 @ w0 + r2 @ w1.T)
        f2 = s2 - d2 * (b2 + r1 @ w1)
        s1, s2 = np.clip(s1 - EPSILON * f1, 0, 1), np.clip(s2 - EPSILON * f2, 0, 1)
    return np.concatenate([s1, s2], axis=1)


def loop_dots(compiled_text):
    """The number of dot instructions in the optimised HLO (all inside the loop unless hoisted)."""
    return sum(1 for line in compiled_text.splitlines()
               if " dot(" in line or "custom-call" in line and "matmul" in line.lower())


def median_ms(function, arguments, warmup, repeats):
    """Median and minimum wall time of a call in ms, and the process CPU time per call (all
    threads: CPU / wall is the number of cores the call kept busy)."""
    for _ in range(warmup):
        function(*arguments).block_until_ready()
    samples = []
    cpu_start = time.process_time()
    for _ in range(repeats):
        start = time.perf_counter()
        function(*arguments).block_until_ready()
        samples.append((time.perf_counter() - start) * 1e3)
    cpu_ms = (time.process_time() - cpu_start) * 1e3 / repeats
    return float(np.median(samples)), float(np.min(samples)), cpu_ms


def write_raw(path, array):
    np.ascontiguousarray(array, dtype="<f8").tofile(path)


def main():
    w0, w1, b1, b2, x = make_problem(ARGS.seed)
    device = jax.devices("cpu")[0]
    arguments = [jax.device_put(a, device) for a in (w0, w1, b1, b2, x)]

    lowered = free_phase.lower(*arguments)
    compile_start = time.perf_counter()
    compiled = lowered.compile()
    compile_ms = (time.perf_counter() - compile_start) * 1e3
    hlo = compiled.as_text()
    dots = loop_dots(hlo)
    hoisted = "while" not in hlo or dots < 3
    if hoisted:
        sys.exit(f"hopfield_free_phase_jax: the optimised HLO has {dots} dots (expected 3 in the "
                 "loop body): XLA changed the computation")

    states = np.asarray(free_phase(*arguments))
    reference = numpy_free_phase(w0, w1, b1, b2, x)
    difference = float(np.max(np.abs(states[:, N0:] - reference)))
    input_unchanged = bool(np.array_equal(states[:, :N0], x))
    if difference > 1e-10 or not input_unchanged:
        sys.exit(f"hopfield_free_phase_jax: JAX vs numpy max |diff| {difference:.3g}, "
                 f"input unchanged: {input_unchanged}")

    free_ms, free_min, free_cpu = median_ms(free_phase, arguments, ARGS.warmup, ARGS.repeats)
    initial = jax.device_put(np.concatenate([x, np.zeros((BATCH, N1 + N2))], axis=1), device)
    floor_ms, floor_min, floor_cpu = median_ms(gemm_floor, (arguments[0], arguments[1], initial),
                                    ARGS.warmup, ARGS.repeats)

    if ARGS.out:
        os.makedirs(ARGS.out, exist_ok=True)
        write_raw(os.path.join(ARGS.out, "params.f64"), np.concatenate(
            [w0.ravel(), w1.ravel(), b1, b2]))
        write_raw(os.path.join(ARGS.out, "inputs.f64"), x)
        write_raw(os.path.join(ARGS.out, "jax_free_states.f64"), states[:, N0:])

    import jaxlib
    print(json.dumps({
        "median_ms": free_ms, "min_ms": free_min, "cpu_ms": free_cpu,
        "gemm_floor_ms": floor_ms, "gemm_floor_min_ms": floor_min, "gemm_floor_cpu_ms": floor_cpu,
        "compile_ms": compile_ms, "repeats": ARGS.repeats,
        "cores": len(os.sched_getaffinity(0)),
        "xla_flags": os.environ.get("XLA_FLAGS", ""),
        "max_abs_diff_vs_numpy": difference,
        "loop_dots": dots,
        "checksum": float(np.sum(states[:, N0:])),
        "jax": jax.__version__, "jaxlib": jaxlib.__version__, "numpy": np.__version__,
        "device": str(device),
    }))


if __name__ == "__main__":
    main()
