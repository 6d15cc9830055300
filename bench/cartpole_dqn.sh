#!/usr/bin/env bash
# cartpole_dqn.sh — one run of DQN on CartPole-v1 (examples/cartpole_dqn.lep, CleanRL's dqn.py settings: Q-network
# 4-120-84-2 ReLU, Adam 2.5e-4, replay 10k, batch 128, learning_starts 10k, train every 10 steps, hard target copy
# every 500, epsilon 1.0 -> 0.05 over 250k steps, gamma 0.99, mse) by PyTorch (1 thread, bench/pytorch_dqn.py)
# and by the leptonc-compiled agent, seeds 1–3, the same step budget (500k by default), pinned to core 0 (BENCH_CPU=N
# for another).
#
# Prints the CPU, then per seed: wall time, env steps/s over the whole run (steps run / wall time of the process),
# the step at which mean_return(100) first reached 475 (or "never"), the final mean_return(100); then the means, the
# ratio leptonc/PyTorch of env steps/s (goal >= 5x) and how many seeds each side solved (goal >= 2 of 3) — reported,
# not enforced: the script does not fail on them.
# The compiled agent runs with --ignore-solved (the whole budget, as PyTorch) and --play-episodes 1: its greedy
# evaluation after training (100 episodes by default) has no counterpart in the PyTorch run. Its solved step and step
# count come from its --json file (episodes[].steps is the run's total when the episode ended); should it stop early
# anyway, its steps/s covers fewer steps and the summary says so.
# Usage: bench/cartpole_dqn.sh [build-dir] [steps]   (needs python3-torch: scripts/bootstrap.sh --bench). Both sides
# decay epsilon over 250k steps whatever `steps` is (the .lep's schedule; CleanRL's 0.5 x 500k), so a shorter run
# is a prefix of the full one's schedule (and cannot be expected to solve).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
steps="${2:-500000}"
cpu="${BENCH_CPU:-0}"   # the core both sides are pinned to
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/scripts/bootstrap.sh" --bench >/dev/null
source "$root/bench/pytorch_env.sh"   # OpenBLAS for PyTorch, kernels for this CPU
"$build/bin/leptonc" "$root/examples/cartpole_dqn.lep" -o "$work/cartpole_dqn"
echo "== CPU: $(lscpu | sed -n 's/^Model name: *//p'), core $cpu"

# Which BLAS PyTorch's dense layers call (Debian's python3-torch links libblas.so.3: netlib's reference BLAS unless
# an optimized one is the alternative), since it sets most of the cost of a training step.
torch_info=$(/usr/bin/python3 -c 'import os, torch
blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.rsplit("/", 1)[-1]})
print(torch.__version__, ", ".join(os.path.realpath(b) for b in blas) or "none mapped")')
echo "== PyTorch ${torch_info%% *} (BLAS: ${torch_info#* }; $PYTORCH_BLAS_NOTE), 1 thread, $steps steps"
OPENBLAS_NUM_THREADS=1 taskset -c "$cpu" /usr/bin/python3 "$root/bench/pytorch_dqn.py" --seeds 1 2 3 --steps "$steps" --epsilon-steps 250000 --quiet \
  | tee "$work/pytorch.txt"

echo "== leptonc $("$build/bin/leptonc" --version | head -1 | cut -d' ' -f2-), $steps steps"
for seed in 1 2 3; do
  t0=$(date +%s.%N)
  (cd "$work" && taskset -c "$cpu" ./cartpole_dqn --seed "$seed" --steps "$steps" --ignore-solved --play-episodes 1 --json "run$seed.json" \
     --quiet > "out$seed.txt")
  t1=$(date +%s.%N)
  /usr/bin/python3 - "$work/run$seed.json" "$seed" "$t0" "$t1" "$steps" <<'EOF'
import json, re, sys
path, seed, t0, t1, budget = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
run = json.load(open(path))
episodes = run["episodes"]
returns = [float(e["return"]) for e in episodes]
ends = [int(e["steps"]) for e in episodes]
# "steps" is the run's total when the episode ended (lepton/agent.h); should a writer give episode lengths instead
# (a decrease shows it), add them up.
if any(b < a for a, b in zip(ends, ends[1:])):
    total = 0
    for i, n in enumerate(ends):
        total += n
        ends[i] = total
solved = next((ends[i] for i in range(99, len(returns)) if sum(returns[i - 99:i + 1]) / 100 >= 475), None)
result = str(run.get("result", ""))
m = re.search(r"(\d+) steps", result)       # "trained|solved after N episodes, S steps in T s; ..."
# "trained …" ran the whole budget (S counts the steps of finished episodes only: the last one may be cut off);
# "solved after …" stopped at step S.
stopped = result.startswith("solved after")
run_steps = (int(m.group(1)) if m else (ends[-1] if ends else 0)) if stopped else budget
recent = returns[-100:]
final = sum(recent) / len(recent) if recent else float("nan")
wall = t1 - t0
note = f"  (stopped when solved: {run_steps} of {budget} steps)" if stopped else ""
print(f"seed {seed}  wall_s {wall:.2f}  env_steps_per_s {run_steps / wall:.0f}  "
      f"solved_step {solved if solved is not None else 'never'}  final_mean_return_100 {final:.1f}{note}")
EOF
done | tee "$work/leptonc.txt"

# Columns of a seed line: 4 wall_s, 6 env steps/s, 8 solved step or "never", 10 final mean return; an early stop adds
# "(stopped when solved: ...)" after them.
awk -v speed_goal=5 -v seeds_goal=2 '
  FNR == 1 { side++ }
  { wall[side] += $4; rate[side] += $6; final[side] += $10; n[side]++
    if ($8 != "never") { solved[side]++; at[side] += $8 }
    if ($0 ~ /stopped when solved/) stopped[side]++ }
  END {
    split("PyTorch leptonc", name, " ")
    printf "== summary (means over %d seeds)\n", n[1]
    for (s = 1; s <= 2; s++) {
      k = solved[s] + 0
      printf "%s: wall %.1f s, %.0f env steps/s, final mean_return(100) %.1f, solved %d of %d seeds", name[s],
             wall[s] / n[s], rate[s] / n[s], final[s] / n[s], k, n[s]
      if (k > 0) printf " (mean solved step %.0f)", at[s] / k
      printf " (goal >= %d of %d: %s)\n", seeds_goal, n[s], (k >= seeds_goal) ? "met" : "NOT met"
    }
    ratio = (rate[2] / n[2]) / (rate[1] / n[1])
    printf "ratio leptonc/PyTorch (env steps/s): %.2fx (goal >= %dx: %s)\n", ratio, speed_goal,
           (ratio >= speed_goal) ? "met" : "NOT met"
    if (stopped[2] > 0)
      printf "note: the compiled agent stopped when solved on %d seed(s), PyTorch ran every step: their steps/s cover " \
             "different mixes (after learning_starts the per-step cost is flat but acting gets dearer as epsilon falls)\n",
             stopped[2]
  }' "$work/pytorch.txt" "$work/leptonc.txt"
