"""Writes harmonic_regression.csv: 32 samples of two input forces (f1, f2 uniform in [-1, 1])
and the position y = mu_3 of the output mode of a "teacher" harmonic network, the classical
equilibrium mu = K^-1 b of three unit-mass modes with springs to ground k1 = 1, k2 = 1,
k3 = 0.25 and couplings k12 = 0.5, k23 = 0.6 (hbar = 1; no quantum spread in the targets).
Plain Python, seeded: the same file on every run. Used by circuits/harmonic_regression.quantum.
    python3 data/make_harmonic_regression.py > data/harmonic_regression.csv
"""
import random

ANCHORS = (1.0, 1.0, 0.25)
COUPLINGS = {(0, 1): 0.5, (1, 2): 0.6}


def stiffness():
    k = [[0.0] * 3 for _ in range(3)]
    for i, a in enumerate(ANCHORS):
        k[i][i] += a
    for (i, j), c in COUPLINGS.items():
        k[i][i] += c
        k[j][j] += c
        k[i][j] -= c
        k[j][i] -= c
    return k


def solve(k, b):
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    a = [row[:] + [b[i]] for i, row in enumerate(k)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(a[r][c]))
        a[c], a[p] = a[p], a[c]
        for r in range(c + 1, n):
            f = a[r][c] / a[c][c]
            for j in range(c, n + 1):
                a[r][j] -= f * a[c][j]
    x = [0.0] * n
    for r in reversed(range(n)):
        x[r] = (a[r][n] - sum(a[r][j] * x[j] for j in range(r + 1, n))) / a[r][r]
    return x


def main():
    rng = random.Random(8)
    k = stiffness()
    print("# teacher: anchors k1 k2 k3 = %s, couplings %s (data/make_harmonic_regression.py)" % (ANCHORS, COUPLINGS))
    print("f1,f2,y")
    for _ in range(32):
        f1, f2 = rng.uniform(-1, 1), rng.uniform(-1, 1)
        mu = solve(k, [f1, f2, 0.0])
        print("%.6f,%.6f,%.6f" % (f1, f2, mu[2]))


if __name__ == "__main__":
    main()
