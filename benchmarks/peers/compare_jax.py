#!/usr/bin/env python3
"""Runs hopfield_free_phase_jax.py and hopfield-free-phase-timer on the same weights and inputs,
alternating, and prints both times and the ratios (issue 4, item 8). Called by compare_jax.sh,
which makes the virtualenv and builds the timer.

Each round runs, one after the other (never concurrently): JAX on XLA's default CPU thread pool
(every core), JAX pinned to one core, nudge with OPENBLAS_NUM_THREADS=1 and =2. Every run reports the
median of --repeats timed calls after warm-up; the table gives, per configuration, the median
over rounds of those medians (and the smallest per-call minimum). The first JAX run writes the
weights and inputs as raw float64 files, which every nudge run reads, and nudge's final free
states are compared with JAX's.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_runs import cpu_model, run_json  # noqa: E402

WHO = "compare_jax"

PEERS = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timer", required=True, help="the hopfield-free-phase-timer executable")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--json", help="also write every run's raw JSON here")
    args = parser.parse_args()

    base = dict(os.environ)
    base.pop("OPENBLAS_NUM_THREADS", None)
    configurations = [
        ("JAX-jit, all cores (XLA default)", "jax", None),
        ("JAX-jit, pinned to 1 core", "jax", 1),
        ("nudge, OPENBLAS_NUM_THREADS=1", "nudge", 1),
        ("nudge, OPENBLAS_NUM_THREADS=2", "nudge", 2),
    ]
    results = {name: [] for name, _, _ in configurations}
    with tempfile.TemporaryDirectory(prefix="hopfield-jax-") as data:
        for round_index in range(args.rounds):
            for name, kind, threads in configurations:
                environment = dict(base)
                if kind == "jax":
                    command = [sys.executable, os.path.join(PEERS, "hopfield_free_phase_jax.py"),
                               "--repeats", str(args.repeats)]
                    if threads:
                        command += ["--threads", str(threads)]
                    if round_index == 0 and threads is None:
                        command += ["--out", data]
                else:
                    environment["OPENBLAS_NUM_THREADS"] = str(threads)
                    command = [args.timer, "--data", data, "--repeats", str(args.repeats)]
                result = run_json(command, environment, WHO)
                results[name].append(result)
                print(f"round {round_index + 1}: {name}: {result['median_ms']:.2f} ms "
                      f"(GEMM floor {result['gemm_floor_ms']:.2f} ms)", file=sys.stderr)

    def summary(name):
        rounds = results[name]
        return (statistics.median(r["median_ms"] for r in rounds),
                min(r["min_ms"] for r in rounds),
                statistics.median(r["gemm_floor_ms"] for r in rounds),
                statistics.median(r["cpu_ms"] / r["median_ms"] for r in rounds))

    jax_info = results[configurations[0][0]][0]
    nudge_info = results[configurations[2][0]][0]
    print(f"machine: {os.cpu_count()} CPUs, {cpu_model()}; {platform.platform()}")
    print(f"jax {jax_info['jax']}, jaxlib {jax_info['jaxlib']}, numpy {jax_info['numpy']} "
          f"(XLA's own CPU kernels); nudge: OpenBLAS core {nudge_info['openblas_core']}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}")
    print("free phase 784-500-10, batch 64, 30 steps of 0.5, float64; "
          f"{args.rounds} rounds x {args.repeats} timed calls")
    print(f"correctness: JAX vs numpy max |diff| {jax_info['max_abs_diff_vs_numpy']:.2g}; "
          "nudge vs JAX max |diff| "
          + ", ".join(f"{r['max_abs_diff_vs_jax']:.2g}" for n, k, _ in configurations if k == "nudge"
                      for r in results[n][:1]))
    print()
    print(f"{'configuration':34} {'median ms':>10} {'min ms':>8} {'GEMM floor ms':>14} {'CPU/wall':>9}")
    for name, _, _ in configurations:
        median, minimum, floor, busy = summary(name)
        print(f"{name:34} {median:10.2f} {minimum:8.2f} {floor:14.2f} {busy:9.2f}")
    print()
    jax_all, jax_one = summary(configurations[0][0])[0], summary(configurations[1][0])[0]
    nudge_one, _, floor_one, _ = summary(configurations[2][0])
    nudge_two, _, floor_two, _ = summary(configurations[3][0])
    print(f"1 core:  nudge/JAX {nudge_one / jax_one:.3f}, nudge/GEMM floor {nudge_one / floor_one:.3f}")
    print(f"2 cores: nudge/JAX {nudge_two / jax_all:.3f}, nudge/GEMM floor {nudge_two / floor_two:.3f}")
    nudge_best, floor_best = min((nudge_one, floor_one), (nudge_two, floor_two))
    jax_best = min(jax_all, jax_one)
    print(f"targets (each side's faster setting): nudge/JAX {nudge_best / jax_best:.3f} (< 1.0: "
          f"{'met' if nudge_best < jax_best else 'missed'}), nudge/GEMM floor "
          f"{nudge_best / floor_best:.3f} (<= 1.5: {'met' if nudge_best <= 1.5 * floor_best else 'missed'})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rounds": args.rounds, "repeats": args.repeats, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
