#!/usr/bin/env python3
"""strip_timing.py — prints a run's JSON report (trainer or agent) without what depends on the clock: `started`,
and per epoch or episode `samples_per_s`, `steps_per_s`, `seconds`, `elapsed` (docs/abi.md, "Reproducibility").
Keys sorted, floats printed exactly (repr), so two runs with one seed must print identical text.
Usage: strip_timing.py FILE.json
"""
import json
import sys

CLOCK = {"started", "samples_per_s", "steps_per_s", "seconds", "elapsed", "wall_seconds"}


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in CLOCK}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


print(json.dumps(strip(json.load(open(sys.argv[1]))), sort_keys=True, indent=1))
