#!/usr/bin/env python3
"""make_missing.py — missing.csv: 300 rows "a,b,c,price" of very different scales (a ~ 50 ± 100, b ~ ± 0.01,
c ~ ± 1), every 7th row with c empty; price = 2(a − 50)/100 − 100b + c²/2 + N(0, 0.05²)."""
import random
rng = random.Random(5)
with open("missing.csv", "w") as f:
    f.write("a,b,c,price\n")
    for i in range(300):
        a, b, c = rng.uniform(-1, 1) * 100 + 50, rng.uniform(-1, 1) * 0.01, rng.uniform(-1, 1)
        y = 2 * (a - 50) / 100 - b * 100 + 0.5 * c * c + rng.gauss(0, 0.05)
        cells = [f"{a:.6f}", f"{b:.6f}", f"{c:.6f}"]
        if i % 7 == 0:
            cells[2] = ""
        f.write(",".join(cells) + f",{y:.6f}\n")
