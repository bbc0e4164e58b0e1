#!/usr/bin/env python3
"""Relaxation of a 10,000-bond elastic network: nudge (FIRE and Newton) vs LAMMPS `minimize`
(conjugate gradients) on the same LAMMPS data file, in one run (issue 5, item 8).

    benchmarks/compare_lammps.py [--nodes 3850] [--coordination 5.2] [--perturb 0.02] [--repeat 3]

Builds nudge in release mode, writes the network with `nudge generate disordered`, then times
whole processes (median of --repeat): `nudge relax NET.data --method fire|newton --json` and
`lmp -in in.relax` (`min_style cg`, force tolerance 1e-10 like FIRE's). Prints each one's wall
time, iterations, final energy and the largest position difference from LAMMPS, and the
nudge/LAMMPS time ratios. Needs Debian's lammps package (`make test` installs it).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def timed(command, cwd):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed, result.stdout

def read_dump(path):
    positions, rows = {}, open(path).read().split("ITEM: ATOMS")[1].splitlines()[1:]
    for row in rows:
        atom, x, y, z = row.split()
        positions[atom] = (float(x), float(y))
    return positions

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=3850)
    parser.add_argument("--coordination", type=float, default=5.2)
    parser.add_argument("--perturb", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    subprocess.run(["swift", "build", "-c", "release", "--product", "nudge"], cwd=ROOT, check=True,
                   capture_output=True)
    nudge = os.path.join(ROOT, ".build", "release", "nudge")
    folder = tempfile.mkdtemp(prefix="nudge-lammps-")
    data = os.path.join(folder, "net.data")
    print(subprocess.run([nudge, "generate", "disordered", "--nodes", str(args.nodes), "--coordination",
                          str(args.coordination), "--seed", str(args.seed), "--perturb", str(args.perturb),
                          "--output", data], check=True, capture_output=True, text=True).stdout.strip())
    with open(os.path.join(folder, "in.relax"), "w") as script:
        script.write("""units lj
dimension 2
boundary s s p
atom_style bond
bond_style harmonic
read_data net.data
comm_modify cutoff 4.0
group pinned type 2
fix pin pinned setforce 0.0 0.0 0.0
fix flat all enforce2d
min_style cg
min_modify line quadratic
thermo_modify norm no
minimize 0.0 1.0e-10 1000000 10000000
write_dump all custom out.dump id x y z modify sort id format float %.17g
""")
    lammps_times = []
    for _ in range(args.repeat):
        elapsed, _ = timed(["lmp", "-in", "in.relax", "-log", "log.lammps", "-screen", "none"], folder)
        lammps_times.append(elapsed)
    log = open(os.path.join(folder, "log.lammps")).read()
    iterations = log.split("Iterations, force evaluations =")[1].split()[:2]
    energy = float(log.split("Energy initial, next-to-last, final =")[1].split()[2])
    reference = read_dump(os.path.join(folder, "out.dump"))
    lammps = statistics.median(lammps_times)
    print(f"LAMMPS minimize (cg):  {lammps:8.3f} s  iterations {iterations[0]}, force evaluations {iterations[1]}, energy {energy:.12g}")
    for method in ["fire", "newton"]:
        times = []
        for _ in range(args.repeat):
            elapsed, output = timed([nudge, "relax", data, "--method", method, "--json"], folder)
            times.append(elapsed)
        result = json.loads(output)
        worst = max(max(abs(a - b) for a, b in zip(result["nodes"][atom], reference[atom])) for atom in reference)
        wall = statistics.median(times)
        print(f"nudge relax --method {method:6s} {wall:8.3f} s  {result['status']}, steps {result['steps']}, "
              f"energy {result['energy']:.12g}, largest |Δx| from LAMMPS {worst:.2e}; nudge/LAMMPS = {wall / lammps:.3f}")

if __name__ == "__main__":
    main()
