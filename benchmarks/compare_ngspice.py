#!/usr/bin/env python3
"""Times the benchmark transients in ngspice and in `nudge transient` on the identical netlist
file, measures both against the exact solution, and prints the times and the ratio.

    benchmarks/compare_ngspice.py [--repeat N] [--circuits rc1000,grid100x100] [--nudge PATH]

The circuits come from `benchmark-netlists` (the generator the Swift benchmarks use), written
with `.options interp acct`: ngspice then reports its own analysis time and writes its result on
the output grid, which nudge's CSV uses too. ngspice runs at its defaults (reltol=1e-3,
abstol=1e-12, vntol=1e-6, trtol=7); nudge at each `--reltol` of --nudge-reltols. Wall times are
medians of --repeat runs of the whole command (process start, parsing, the analysis, writing
every node voltage on the grid as text: ngspice an ASCII rawfile, nudge CSV), by a monotonic
high-resolution clock; CPU times come from the children's rusage.

Accuracy: these networks are linear with a capacitor on every free node, so the exact solution
is a sum of modes (C⁻¹ᐟ² G C⁻¹ᐟ² = Q Λ Qᵀ, the sources ramp up in 1 ns then hold). Each
simulator's error is its largest deviation from it over every node and grid time. This needs
numpy; without it the accuracy columns are skipped. The matched ratio uses the largest nudge
reltol whose error is no larger than ngspice's.
"""
import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def build_tools(args):
    """benchmark-netlists (debug, small) and the release nudge unless --nudge is given."""
    run(["swift", "build", "--product", "benchmark-netlists"], cwd=HERE, stdout=subprocess.DEVNULL)
    bin_dir = subprocess.run(["swift", "build", "--show-bin-path"], cwd=HERE, check=True,
                             capture_output=True, text=True).stdout.strip()
    generator = os.path.join(bin_dir, "benchmark-netlists")
    nudge = args.nudge
    if nudge is None:
        run(["swift", "build", "-c", "release", "--product", "nudge"], cwd=ROOT, stdout=subprocess.DEVNULL)
        nudge = os.path.join(ROOT, ".build", "release", "nudge")
    return generator, nudge


def timed(cmd, stdout_path=None, env=None):
    """Runs cmd once; returns (wall seconds, CPU seconds, stdout text or None)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    if stdout_path:
        with open(stdout_path, "w") as out:
            subprocess.run(cmd, check=True, stdout=out, stderr=subprocess.PIPE)
        text = None
    else:
        text = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, text


def ngspice_stats(log):
    """The numbers ngspice's `.options acct` prints."""
    def number(label):
        match = re.search(re.escape(label) + r"\s*=\s*([0-9.eE+-]+)", log)
        return float(match.group(1)) if match else None
    return {
        "analysis": number("Transient analysis time"),
        "timepoints": number("Accepted timepoints"),
        "rejected": number("Rejected timepoints"),
        "fill": number("Circuit fill-in non-zeroes"),
        "factor": number("Transient factor time"),
    }


def read_raw(path):
    """ngspice's ASCII rawfile: {name: [values]} (names lower-cased, v(x) → x). ngspice-39 with
    `.options interp` repeats the `Values:` header and starts the data at t = TSTEP, so the rows
    are found by their `index<TAB>time` lines rather than by the header's point count."""
    names = []
    columns = None
    row = None
    with open(path) as f:
        lines = f.read().split("\n")
    count = next(int(l.split(":")[1]) for l in lines if l.startswith("No. Variables:"))
    k = next(i for i, l in enumerate(lines) if l.startswith("Variables:")) + 1
    while len(names) < count:
        names.append(lines[k].split()[1].lower())
        k += 1
    names = [n[2:-1] if n.startswith("v(") and n.endswith(")") else n for n in names]
    columns = {name: [] for name in names}
    row_start = re.compile(r"^\d+\t+(\S+)$")
    while k < len(lines):
        match = row_start.match(lines[k])
        if match:
            values = [match.group(1)] + [lines[k + j].strip() for j in range(1, count)]
            for name, value in zip(names, values):
                columns[name].append(float(value))
            k += count
        else:
            k += 1
    return columns


def read_csv(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
        rows = [line.split(",") for line in f if line.strip()]
    columns = {}
    for k, name in enumerate(header):
        name = name[2:-1] if name.startswith("v(") and name.endswith(")") else name
        columns[name] = [float(row[k]) for row in rows]
    return columns


def spice_number(text):
    scale = {"t": 1e12, "g": 1e9, "meg": 1e6, "k": 1e3, "m": 1e-3, "u": 1e-6, "n": 1e-9, "p": 1e-12,
             "f": 1e-15}
    match = re.match(r"([-+]?[0-9.]+(?:e[-+]?[0-9]+)?)(meg|[tgkmunpf])?", text.lower())
    return float(match.group(1)) * scale.get(match.group(2), 1.0)


def exact_solution(netlist_path, times):
    """{node: [volts at each time]} for the benchmark circuits' structure: capacitors to ground
    on every free node, voltage sources from a node to ground (which fixes it), current sources
    from ground into a node, every source ramping from 0 to its DC value in 1 ns."""
    import numpy as np
    resistors, capacitors, fixed, injected = [], {}, {}, {}
    with open(netlist_path) as f:
        for line in f.readlines()[1:]:
            parts = line.split()
            if not parts or parts[0].startswith((".", "*")):
                continue
            kind = parts[0][0].lower()
            a, b = parts[1].lower(), parts[2].lower()
            if kind == "r":
                resistors.append((a, b, 1 / spice_number(parts[3])))
            elif kind == "c":
                assert b == "0", line
                capacitors[a] = capacitors.get(a, 0) + spice_number(parts[3])
            elif kind == "v":
                assert b == "0" and parts[3].lower() == "dc", line
                fixed[a] = spice_number(parts[4])
            elif kind == "i":
                assert a == "0" and parts[3].lower() == "dc", line
                injected[b] = injected.get(b, 0) + spice_number(parts[4])
    free = sorted(capacitors)
    index = {name: k for k, name in enumerate(free)}
    n = len(free)
    G = np.zeros((n, n))
    w = np.zeros(n)
    for a, b, g in resistors:
        for p, q in ((a, b), (b, a)):
            if p in index:
                i = index[p]
                G[i, i] += g
                if q in index:
                    G[i, index[q]] -= g
                elif q in fixed:
                    w[i] += g * fixed[q]
    for name, amps in injected.items():
        w[index[name]] += amps
    d = 1 / np.sqrt(np.array([capacitors[name] for name in free]))
    lam, Q = np.linalg.eigh(d[:, None] * G * d[None, :])
    z = Q.T @ (d * w)
    rise = 1e-9
    x = lam * rise
    a_rise = z / lam * (1 - (-np.expm1(-x)) / x)
    result = np.zeros((len(times), n))
    for k, t in enumerate(times):
        if t <= 0:
            continue
        assert t >= rise
        decay = np.exp(-lam * (t - rise))
        result[k] = d * (Q @ (a_rise * decay + z / lam * (1 - decay)))
    return {name: result[:, index[name]] for name in free}


def max_error(columns, exact, times):
    """Largest |simulated − exact| (V) over every node and every grid time the output has."""
    import numpy as np
    sim_times = np.array(columns["time"])
    inside = (times >= sim_times[0] - 1e-9 * times[-1]) & (times <= sim_times[-1] + 1e-9 * times[-1])
    worst = 0.0
    for name, reference in exact.items():
        values = np.interp(times[inside], sim_times, np.array(columns[name]))
        worst = max(worst, float(np.max(np.abs(values - reference[inside]))))
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median reported)")
    parser.add_argument("--circuits", default="rc1000,grid100x100")
    parser.add_argument("--nudge", help="a release nudge binary (default: build it in the root package)")
    parser.add_argument("--nudge-reltols", default="1e-3,1e-4,1e-5")
    parser.add_argument("--keep", help="write netlists and outputs to this folder and keep them")
    args = parser.parse_args()
    if shutil.which("ngspice") is None:
        sys.exit("compare_ngspice.py: ngspice is not installed (make deps installs it)")
    generator, nudge = build_tools(args)
    work = args.keep or tempfile.mkdtemp(prefix="nudge-compare-")
    os.makedirs(work, exist_ok=True)
    listing = subprocess.run([generator, work, "interp", "acct"], check=True, capture_output=True,
                             text=True).stdout.split("\n")
    circuits = {}
    for line in listing:
        if line.strip():
            name, path, step, stop = line.split()
            circuits[name] = (path, step, stop)
    version = subprocess.run(["ngspice", "--version"], capture_output=True, text=True).stdout
    version = next((l.strip("* ") for l in version.splitlines() if "ngspice-" in l), "ngspice ?")
    try:
        import numpy  # noqa: F401
        have_numpy = True
    except ImportError:
        have_numpy = False
        print("numpy not found: accuracy against the exact solution is skipped")
    print(f"{version}; {args.repeat} runs per command, median wall time; "
          f"{os.cpu_count()} CPUs; work folder {work}")
    reltols = sorted((float(r) for r in args.nudge_reltols.split(",")), reverse=True)
    for name in args.circuits.split(","):
        path, step, stop = circuits[name]
        raw = os.path.join(work, f"{name}.raw")
        ascii_raw = dict(os.environ, SPICE_ASCIIRAWFILE="1")
        spice_walls, spice_cpus, stats = [], [], None
        for _ in range(args.repeat):
            wall, cpu, log = timed(["ngspice", "-b", "-r", raw, path], env=ascii_raw)
            spice_walls.append(wall)
            spice_cpus.append(cpu)
            stats = ngspice_stats(log)
        spice = read_raw(raw)
        times = None
        exact = None
        if have_numpy:
            import numpy as np
            intervals = round(float(stop) / float(step))
            times = np.arange(intervals + 1) * float(step)
            exact = exact_solution(path, times)
        spice_error = max_error(spice, exact, times) if have_numpy else None
        spice_wall = statistics.median(spice_walls)
        print(f"\n{name}: .tran {step} {stop} uic, {len(spice) - 1} vectors")
        print(f"  ngspice            wall {spice_wall:8.3f} s  cpu {statistics.median(spice_cpus):8.3f} s  "
              f"analysis {stats['analysis']} s (factor {stats['factor']} s)  "
              f"{stats['timepoints']:.0f} timepoints, fill-in {stats['fill']:.0f}"
              + (f"  max error {spice_error:.2e} V" if have_numpy else ""))
        matched = None
        for reltol in reltols:
            csv = os.path.join(work, f"{name}.reltol{reltol:g}.csv")
            walls, cpus = [], []
            for _ in range(args.repeat):
                wall, cpu, _ = timed([nudge, "transient", path, "--tstop", stop, "--tstep", step, "--csv",
                                      "--reltol", f"{reltol:g}"], stdout_path=csv)
                walls.append(wall)
                cpus.append(cpu)
            error = max_error(read_csv(csv), exact, times) if have_numpy else None
            wall = statistics.median(walls)
            print(f"  nudge reltol {reltol:<5g} wall {wall:8.3f} s  cpu {statistics.median(cpus):8.3f} s  "
                  f"ngspice/nudge {spice_wall / wall:6.1f}x"
                  + (f"  max error {error:.2e} V" if have_numpy else ""))
            if have_numpy and error <= spice_error and matched is None:
                matched = (reltol, wall, error)
        if matched:
            reltol, wall, error = matched
            print(f"  at matched accuracy (nudge reltol {reltol:g}, error {error:.2e} V ≤ {spice_error:.2e} V): "
                  f"nudge is {spice_wall / wall:.1f}x faster than ngspice")
        elif have_numpy:
            print("  no nudge reltol tried was as accurate as ngspice")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
