#!/usr/bin/env python3
"""Writes circuits/allostery.cir and data/allostery.csv: a linear resistor network that must learn
the input-output map of a 'teacher' network of the same topology with other conductances (a
coupled-learning style allostery/regression task, Stern et al. 2021; Dillavou et al. 2022).

The teacher's node voltages are computed here with numpy by solving Kirchhoff's current law
(nodal analysis: G_ff v_f = -G_fs v_s), independently of nudge. The student starts from the
resistances written into the .cir file. Deterministic: numpy's seeded generator.
"""
import numpy as np

rng = np.random.default_rng(2024)
n_hidden = 8
nodes = ["a", "b"] + [f"n{k}" for k in range(1, n_hidden + 1)] + ["o1", "o2"]
free = nodes[2:]
edges = set()
# a connected random graph over all nodes plus ground ('0'), no duplicate edges
order = list(nodes)
for k in range(1, len(order)):
    j = int(rng.integers(0, k))
    edges.add(tuple(sorted((order[j], order[k]))))
while len(edges) < 26:
    i, j = rng.choice(len(nodes), 2, replace=False)
    edges.add(tuple(sorted((nodes[i], nodes[j]))))
for node in ["n2", "n5", "o1", "o2"]:
    edges.add((node, "0"))
edges = sorted(edges)

def solve(conductance, va, vb):
    index = {name: k for k, name in enumerate(free)}
    g = np.zeros((len(free), len(free)))
    rhs = np.zeros(len(free))
    fixed = {"a": va, "b": vb, "0": 0.0}
    for (p, q), c in zip(edges, conductance):
        for x, y in ((p, q), (q, p)):
            if x in index:
                g[index[x], index[x]] += c
                if y in index:
                    g[index[x], index[y]] -= c
                else:
                    rhs[index[x]] += c * fixed[y]
    v = np.linalg.solve(g, rhs)
    return v[index["o1"]], v[index["o2"]]

teacher = 10 ** rng.uniform(-4.5, -3.5, len(edges))      # 31.6 µS .. 316 µS
student = 10 ** rng.uniform(-4.5, -3.5, len(edges))

rows = []
for _ in range(40):
    va, vb = rng.uniform(0, 1, 2)
    o1, o2 = solve(teacher, va, vb)
    rows.append((va, vb, o1, o2))

with open("data/allostery.csv", "w") as f:
    f.write("# Teacher-student regression for circuits/allostery.cir, written by data/make_allostery.py.\n")
    f.write("# Inputs: source voltages va, vb (V); targets: the teacher network's o1, o2 (V).\n")
    f.write("va,vb,o1,o2\n")
    for r in rows:
        f.write(",".join(repr(float(x)) for x in r) + "\n")

names = [f"R{k + 1}" for k in range(len(edges))]
lines = [
    "Linear resistor network learning a teacher network's map (allostery-style regression)",
    "* Written by data/make_allostery.py. Two input sources drive a random resistor network; the",
    "* two outputs must reproduce another network's voltages (data/allostery.csv). A linear",
    "* network can: the targets come from one of the same topology.",
    "* Expected (tested): `nudge train circuits/allostery.cir --data data/allostery.csv --epochs 15",
    "* --batch 8 --optimizer adam --lr 1e-5 --estimator centered --beta 1e-6 --seed 1",
    "* --test-fraction 0.25` takes the test loss from above 1e-3 V² after the first epoch to below",
    "* 1e-5 V² after the last.",
    "*@ input VA VB",
    "*@ output o1 o2",
]
for k in range(0, len(names), 10):
    lines.append("*@ train " + " ".join(names[k:k + 10]))
lines.append("*@ bounds 1u 10m")
lines += ["VA a 0 DC 0.5", "VB b 0 DC 0.5"]
for name, (p, q), c in zip(names, edges, student):
    lines.append(f"{name} {p} {q} {1 / c:.6g}")
for node in free:
    lines.append(f"C_{node} {node} 0 1n")
lines += [".op", ".end"]
with open("circuits/allostery.cir", "w") as f:
    f.write("\n".join(lines) + "\n")
print("initial teacher-vs-student check:", solve(student, 0.5, 0.5), solve(teacher, 0.5, 0.5))
