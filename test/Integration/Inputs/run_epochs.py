#!/usr/bin/env python3
"""run_epochs.py — a trainer's --json report as lines "loss val_loss val_accuracy" (nan when null), one per epoch,
for trainer_reference --run."""
import json
import sys

for e in json.load(open(sys.argv[1]))["history"]:
    print(*("nan" if e[k] is None else repr(e[k]) for k in ("loss", "val_loss", "val_accuracy")))
