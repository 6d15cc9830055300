"""Fails (listing them) when some diagnostic id of frontend/Diagnostics.def is not checked by
a FileCheck pattern in a lit test under the given folder (test/): every id must appear as
`[id]` on a line that holds a FileCheck directive (CHECK, or another PREFIX: given with
--check-prefix), other than a -NOT line. The front end's own ids are checked in
test/Frontend; ids added by later stages (code generation) in their own test folders."""
import os
import re
import sys

registry, tests_root = sys.argv[1], sys.argv[2]
ids = re.findall(r'^DIAG\(\s*\w+\s*,\s*"([a-z0-9-]+)"', open(registry).read(), re.M)
if len(ids) < 40:
    sys.exit("only %d diagnostic ids in %s; expected at least 40" % (len(ids), registry))

checked = set()
directive = re.compile(r'\b[A-Z][A-Z0-9_]*(-NEXT|-SAME|-DAG|-NOT|-LABEL|-EMPTY)?:')
for folder, _, files in os.walk(tests_root):
    for name in files:
        if not name.endswith((".lep", ".test", ".mlir")):
            continue
        for line in open(os.path.join(folder, name), encoding="utf-8", errors="replace"):
            if directive.search(line) and "-NOT:" not in line:
                checked.update(re.findall(r'\[([a-z0-9-]+)\]', line))

missing = [i for i in ids if i not in checked]
if missing:
    print("diagnostic ids not FileChecked by any test under %s:" % tests_root)
    for i in missing:
        print("  " + i)
    sys.exit(1)
print("all %d diagnostic ids are checked" % len(ids))
