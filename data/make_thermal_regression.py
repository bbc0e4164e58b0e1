#!/usr/bin/env python3
"""Writes data/thermal_regression.csv for circuits/thermal_regression.cir: 48 samples of two input
currents (20-80 nA into nodes a and b) and the output voltage V_o of a 'teacher' network of the
same topology with other conductances (the student starts from 1 MOhm everywhere).

The teacher's voltages solve Kirchhoff's current law G v = i (nodal analysis, Gaussian elimination
with partial pivoting, written here in plain Python), independently of nudge. Deterministic
(Python's seeded random). Usage: python3 data/make_thermal_regression.py > data/thermal_regression.csv
"""
import random

random.seed(7)
NODES = ["a", "b", "h", "o"]
EDGES = {"R1": ("a", "h"), "R2": ("b", "h"), "R3": ("a", "o"), "R4": ("b", "o"), "R5": ("h", "o"),
         "R6": ("h", "0"), "R7": ("o", "0"), "R8": ("a", "0"), "R9": ("b", "0")}
# Teacher conductances (S); R8 and R9 are fixed at 1 uS in the student too.
TEACHER = {"R1": 2.0e-6, "R2": 0.5e-6, "R3": 0.6e-6, "R4": 1.8e-6, "R5": 1.0e-6, "R6": 1.5e-6,
           "R7": 0.7e-6, "R8": 1e-6, "R9": 1e-6}


def node_voltages(conductances, i1, i2):
    n = len(NODES)
    g = [[0.0] * n for _ in range(n)]
    for name, (p, q) in EDGES.items():
        c = conductances[name]
        for x in (p, q):
            if x != "0":
                g[NODES.index(x)][NODES.index(x)] += c
        if p != "0" and q != "0":
            g[NODES.index(p)][NODES.index(q)] -= c
            g[NODES.index(q)][NODES.index(p)] -= c
    a = [row[:] + [rhs] for row, rhs in zip(g, [i1, i2, 0.0, 0.0])]
    for k in range(n):
        pivot = max(range(k, n), key=lambda r: abs(a[r][k]))
        a[k], a[pivot] = a[pivot], a[k]
        for r in range(k + 1, n):
            f = a[r][k] / a[k][k]
            for c in range(k, n + 1):
                a[r][c] -= f * a[k][c]
    v = [0.0] * n
    for k in reversed(range(n)):
        v[k] = (a[k][n] - sum(a[k][c] * v[c] for c in range(k + 1, n))) / a[k][k]
    return v


print("i1,i2,o")
for _ in range(48):
    i1 = random.uniform(20e-9, 80e-9)
    i2 = random.uniform(20e-9, 80e-9)
    print(f"{i1:.6e},{i2:.6e},{node_voltages(TEACHER, i1, i2)[NODES.index('o')]:.9e}")
