#!/usr/bin/env python3
"""check_epsilon.py RUN.json KIND FROM TO N|DECAY BY — checks every episode's epsilon in an agent's --json record
against the schedule: linear from + (to - from) * min(1, t / N), exponential max(to, from * decay^t), with t the
episode's number from 0 (BY = episode: tabular agents) or the global step of the episode's last step (BY = step:
DQN, the record's running step count minus 1). Prints how many episodes match to 1e-9."""
import json
import sys

path, kind, start, end, shape, by = sys.argv[1:7]
start, end, shape = float(start), float(end), float(shape)
episodes = json.load(open(path))["episodes"]
good = 0
for i, e in enumerate(episodes):
    t = i if by == "episode" else e["steps"] - 1
    want = start + (end - start) * min(1.0, t / shape) if kind == "linear" else max(end, start * shape ** t)
    good += abs(e["epsilon"] - want) <= 1e-9
print("epsilon: %d of %d episodes match the %s schedule" % (good, len(episodes), kind))
