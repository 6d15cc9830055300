#!/usr/bin/env python3
"""tabular.py — judges a trained table (a checkpoint's `q_table`) against exact solutions computed here, from the
environments' published rules written out independently of the runtime (Gymnasium's Taxi-v3 and FrozenLake-v1).

  tabular.py taxi CKPT   for each of Taxi's 300 start states, the greedy policy's return (deterministic rollout,
                         200-step limit) against the optimum (shortest paths by breadth-first search); prints how
                         many starts are optimal and both means over the uniform start distribution
  tabular.py lake CKPT   FrozenLake 4x4, slippery: the probability that the greedy policy reaches the goal within
                         the 100-step limit (exact, by dynamic programming over steps), and the best achievable
  tabular.py qstar CKPT TENSOR GAMMA   the (16, 4) tensor TENSOR (a table, or a one-hot network's weights) against
                         Q* of the non-slippery 4x4 lake with discount GAMMA (value iteration, no time limit), over
                         the states an episode can act in (not holes or the goal)
"""
import os
import sys
from collections import deque

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Integration", "constructs", "Inputs"))
from ckpt import read  # noqa: E402  (one checkpoint reader for the test tree)

TAXI_MAP = ["+---------+", "|R: | : :G|", "| : | : : |", "| : : : : |", "| | : | : |", "|Y| : |B: |", "+---------+"]
TAXI_STANDS = [(0, 0), (0, 4), (4, 0), (4, 3)]
LAKE_MAP = ["SFFF", "FHFH", "FFFH", "HFFG"]


def greedy(table, actions, s):
    row = table[s * actions:(s + 1) * actions]
    return row.index(max(row))  # the first maximal action, as the compiled agent picks


def taxi_step(state, a):
    """(next state, reward, terminated) by Taxi-v3's rules."""
    state, dest = divmod(state, 4)
    state, passenger = divmod(state, 5)
    row, col = divmod(state, 5)
    reward, done = -1, False
    if a == 0 and row < 4:
        row += 1
    elif a == 1 and row > 0:
        row -= 1
    elif a == 2 and TAXI_MAP[1 + row][2 * col + 2] == ":":
        col += 1
    elif a == 3 and TAXI_MAP[1 + row][2 * col] == ":":
        col -= 1
    elif a == 4:
        if passenger < 4 and (row, col) == TAXI_STANDS[passenger]:
            passenger = 4
        else:
            reward = -10
    elif a == 5:
        if passenger == 4 and (row, col) == TAXI_STANDS[dest]:
            passenger, reward, done = dest, 20, True
        elif passenger == 4 and (row, col) in TAXI_STANDS:
            passenger = TAXI_STANDS.index((row, col))
        else:
            reward = -10
    return ((row * 5 + col) * 5 + passenger) * 4 + dest, reward, done


def taxi_distance(a, b):
    seen, queue = {a: 0}, deque([a])
    while queue:
        r, c = queue.popleft()
        for n in ((r + 1, c), (r - 1, c)) + ((r, c + 1),) * (TAXI_MAP[1 + r][2 * c + 2] == ":") + \
                ((r, c - 1),) * (TAXI_MAP[1 + r][2 * c] == ":"):
            if 0 <= n[0] < 5 and n not in seen:
                seen[n] = seen[(r, c)] + 1
                queue.append(n)
    return seen[b]


def taxi(path):
    dims, table = read(path)["q_table"]
    assert dims == [500, 6], dims
    optimal = achieved = best = 0.0
    starts = 0
    for row in range(5):
        for col in range(5):
            for passenger in range(4):
                for dest in range(4):
                    if passenger == dest:
                        continue
                    actions = taxi_distance((row, col), TAXI_STANDS[passenger]) + 1 + \
                        taxi_distance(TAXI_STANDS[passenger], TAXI_STANDS[dest]) + 1
                    best_return = 20 - (actions - 1)
                    s, total = ((row * 5 + col) * 5 + passenger) * 4 + dest, 0
                    for _ in range(200):
                        s, reward, done = taxi_step(s, greedy(table, 6, s))
                        total += reward
                        if done:
                            break
                    starts += 1
                    optimal += total == best_return
                    achieved += total
                    best += best_return
    print("taxi: greedy optimal from %d of %d starts; mean return %.4f (optimum %.4f)" %
          (optimal, starts, achieved / starts, best / starts))


def lake_move(s, d):
    """Where direction d (0 left, 1 down, 2 right, 3 up) leads from s; off the grid stays."""
    row, col = divmod(s, 4)
    r, c = row + (d == 1) - (d == 3), col + (d == 2) - (d == 0)
    return min(max(r, 0), 3) * 4 + min(max(c, 0), 3)


def lake_moves(s, a):
    """FrozenLake-v1 slippery: the intended direction or either perpendicular one, 1/3 each."""
    return [lake_move(s, d) for d in ((a - 1) % 4, a, (a + 1) % 4)]


def qstar(path, name, gamma):
    dims, values = read(path)[name]
    assert dims == [16, 4], dims
    terminal = {s for s in range(16) if LAKE_MAP[s // 4][s % 4] in "HG"}
    q = [[0.0] * 4 for _ in range(16)]
    for _ in range(100):
        q = [[0.0] * 4 if s in terminal else
             [(1.0 if lake_move(s, a) == 15 else 0.0) +
              (0.0 if lake_move(s, a) in terminal else gamma * max(q[lake_move(s, a)])) for a in range(4)]
             for s in range(16)]
    pairs = [(s, a) for s in range(16) if s not in terminal for a in range(4)]
    errors = [abs(values[s * 4 + a] - q[s][a]) for s, a in pairs]
    print("qstar: %d of %d values within 1e-5 of Q* (max error %.6f)" %
          (sum(e <= 1e-5 for e in errors), len(pairs), max(errors)))


def lake(path):
    dims, table = read(path)["q_table"]
    assert dims == [16, 4], dims
    terminal = {s for s in range(16) if LAKE_MAP[s // 4][s % 4] in "HG"}
    goal = 15
    # p[s]: the probability of reaching the goal from s with the steps left; 100 steps from the start.
    policy_p, best_p = [0.0] * 16, [0.0] * 16
    for _ in range(100):
        def value(p, s, a):
            return sum((1.0 if n == goal else 0.0 if n in terminal else p[n]) for n in lake_moves(s, a)) / 3
        policy_p = [0.0 if s in terminal else value(policy_p, s, greedy(table, 4, s)) for s in range(16)]
        best_p = [0.0 if s in terminal else max(value(best_p, s, a) for a in range(4)) for s in range(16)]
    print("lake: greedy success %.4f (best %.4f)" % (policy_p[0], best_p[0]))


if sys.argv[1] == "qstar":
    qstar(sys.argv[2], sys.argv[3], float(sys.argv[4]))
else:
    {"taxi": taxi, "lake": lake}[sys.argv[1]](sys.argv[2])
