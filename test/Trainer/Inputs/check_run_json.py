#!/usr/bin/env python3
"""check_run_json.py — checks a trainer's --json output against docs/abi.md ("lepton-run" version 2).

Usage: check_run_json.py FILE          a JSON file
       check_run_json.py --stdout FILE the captured stdout of `--quiet --json -`: result lines, then the object
Validates the structure (json.loads must accept it: no NaN, no trailing text), then prints a normalized summary
for FileCheck: "format F version V", "leptonc VERSION started TIME", "command ARGS" (argv[1:]), "settings epochs E
seed S", one "epoch N ..." line per history entry, "best_epoch N", "evaluated_on DATA" and "result NAME VALUE
(PERCENT%)". Exits 1 on the first violation.
"""
import json
import math
import re
import sys


def fail(message):
    sys.exit("check_run_json.py: " + message)


args = sys.argv[1:]
stdout_mode = args[:1] == ["--stdout"]
text = open(args[-1]).read()
if stdout_mode:
    # The result lines come first ("name: value"), the JSON object starts at the first line that is "{".
    lines = text.split("\n")
    if "{" not in lines:
        fail("no line '{' starts a JSON object")
    start = lines.index("{")
    for line in lines[:start]:
        print("stdout:", line)
    text = "\n".join(lines[start:])


def no_constants(name):
    fail(f"{name} is not JSON")


run = json.loads(text, parse_constant=no_constants)
if set(run) != {"format", "version", "leptonc_version", "started", "command", "settings", "history", "best_epoch",
                "evaluated_on", "results"}:
    fail(f"top-level keys {sorted(run)}")
print("format", run["format"], "version", run["version"])
if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", run["started"]):
    fail(f"started {run['started']!r} is not UTC ISO 8601")
print("leptonc", run["leptonc_version"], "started", run["started"])
if not isinstance(run["command"], list) or not all(isinstance(w, str) for w in run["command"]):
    fail(f"command {run['command']!r} is not a list of strings")
print("command", " ".join(run["command"][1:]))
settings = run["settings"]
if not isinstance(settings, dict):
    fail("settings is not an object")
print("settings epochs", settings.get("epochs"), "seed", settings.get("seed"))
print("settings", json.dumps(settings, sort_keys=True))

keys = {"epoch", "loss", "accuracy", "val_loss", "val_accuracy", "samples_per_s", "seconds", "elapsed"}
previous_elapsed = 0.0
for i, entry in enumerate(run["history"]):
    if set(entry) != keys:
        fail(f"epoch entry {i} has keys {sorted(entry)}")
    if entry["epoch"] != i + 1:
        fail(f"entry {i} is epoch {entry['epoch']}")
    for key in keys - {"epoch"}:
        value = entry[key]
        if value is not None and (not isinstance(value, (int, float)) or not math.isfinite(value)):
            fail(f"epoch {i + 1}: {key} is {value!r}")
    for key in ("accuracy", "val_accuracy"):
        if entry[key] is not None and not 0 <= entry[key] <= 1:
            fail(f"epoch {i + 1}: {key} {entry[key]} is not a fraction")
    if entry["loss"] is None or entry["loss"] < 0:
        fail(f"epoch {i + 1}: loss {entry['loss']}")
    if entry["samples_per_s"] is None or entry["samples_per_s"] <= 0:
        fail(f"epoch {i + 1}: samples_per_s {entry['samples_per_s']}")
    if entry["seconds"] is None or entry["elapsed"] is None or entry["seconds"] < 0:
        fail(f"epoch {i + 1}: seconds {entry['seconds']}, elapsed {entry['elapsed']}")
    if entry["elapsed"] < previous_elapsed:
        fail(f"epoch {i + 1}: elapsed goes backwards")
    previous_elapsed = entry["elapsed"]
    # Printed as the trainer prints its epoch lines (loss %.6f, accuracies in percent with 2 decimals), so a
    # test can match the two with FileCheck variables.
    shown = {"loss": "%.6f" % entry["loss"]}
    for key in ("accuracy", "val_accuracy"):
        shown[key] = "null" if entry[key] is None else "%.2f%%" % (100 * entry[key])
    shown["val_loss"] = "null" if entry["val_loss"] is None else "%.6f" % entry["val_loss"]
    print("epoch %d loss %s accuracy %s val_loss %s val_accuracy %s" % (
        entry["epoch"], shown["loss"], shown["accuracy"], shown["val_loss"], shown["val_accuracy"]))
print("best_epoch", run["best_epoch"])
print("evaluated_on", run["evaluated_on"])
if not isinstance(run["results"], dict):
    fail("results is not an object")
for name, value in run["results"].items():
    if value is None:  # docs/abi.md: a value that does not exist (NaN) is null
        print("result %s null" % name)
    elif isinstance(value, (int, float)):
        print("result %s %r (%.2f%%)" % (name, value, 100 * value))
    else:
        fail(f"result {name} is {value!r}")
