"""Writes a valid Lepton program of exactly N lines (default 200000) to argv[1]: many datasets,
a model with tens of thousands of layers, exports, comments and blank lines."""
import sys

path = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
lines = ["pipeline big"]
unit = total // 10
for i in range(unit):
    lines.append('dataset d%d = idx(images: "i%d.gz", labels: "l%d.gz", shape: [28, 28], classes: 10)'
                 % (i, i, i))
lines.append("preprocess pixels { scale(1/255) flatten() }")
lines.append("model m(x: f32[784]) -> f32[10] {")
for i in range(3 * unit):
    lines.append("  dense(16, activation: relu)  // layer %d" % i)
lines.append("  dense(10)")
lines.append("}")
lines.append("train m on d0 | pixels { loss: cross_entropy  optimizer: adam(lr: 1e-3)  epochs: 1 }")
for i in range(unit):
    lines.append("export m as predict_%d" % i)
while len(lines) < total:
    lines.append("// a comment line" if len(lines) % 3 else "")
with open(path, "w") as f:
    f.write("\n".join(lines[:total]) + "\n")
