#!/usr/bin/env python3
"""greedy_from_checkpoint.py — the greedy action of every state of a tabular agent's checkpoint (tensor q_table
[states, actions], read by Trainer/Inputs/checkpoint_values.py by the letter of docs/abi.md), as one line:
"rc 0 greedy A0 A1 …" (the first of tied maxima, as the compiled policy picks).

Usage: greedy_from_checkpoint.py FILE
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Trainer", "Inputs"))
import checkpoint_values  # noqa: E402

dims, values = checkpoint_values.read(sys.argv[1])["q_table"]
rows = [values[s * dims[1]:(s + 1) * dims[1]] for s in range(dims[0])]
print("rc 0 greedy " + " ".join(str(row.index(max(row))) for row in rows))
