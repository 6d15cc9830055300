#!/usr/bin/env python3
"""pytorch_dqn.py — DQN on CartPole-v1 as CleanRL's dqn.py does it, with PyTorch on one thread: the PyTorch side of
bench/cartpole_dqn.sh, the peer of examples/cartpole_dqn.lep.

The algorithm (CleanRL dqn.py, its CartPole defaults):
  - Q-network 4 -> 120 -> 84 -> 2, ReLU (PyTorch's default init); a target network, a copy of it at the start.
  - Epsilon-greedy acting, epsilon linear from 1.0 to 0.05 over exploration_fraction 0.5 x total_timesteps
    (250k of 500k) steps, per step: epsilon(t) = max(1.0 + (0.05 - 1.0) / 250000 * t, 0.05) at global step t
    (0-based). A draw below epsilon takes a uniformly random action, otherwise the argmax of the Q-network.
    --epsilon-steps N fixes the decay at N steps whatever --steps is (the .lep's `steps: 250000` does that, so
    bench/cartpole_dqn.sh passes 250000 and a shorter run keeps the full run's schedule on both sides).
  - Replay buffer of 10,000 transitions (a ring), sampled uniformly with replacement (SB3's ReplayBuffer,
    np.random.randint), batch 128.
  - Learning from global step t > learning_starts (10,000), every train_frequency (10) steps (t % 10 == 0):
    td_target = r + gamma (0.99) * max_a target_net(next_obs) * (1 - terminated), loss F.mse_loss(td_target,
    q_net(obs)[action]), Adam lr 2.5e-4 (PyTorch's betas and eps). Truncation (500 steps) still bootstraps: only
    `terminated` is stored (handle_timeout_termination=False, dones = terminations), and the stored next
    observation is the true last one, not the reset that follows.
  - Target network: hard copy (tau 1.0) when t > learning_starts and t % 500 == 0.
  - Seeding: random, numpy and torch seeded with the seed; the environment and the random actions from their own
    generator seeded with it (CleanRL: envs.reset(seed=seed), action_space.seed(seed)).
Two departures that only make PyTorch faster (so a ratio against it is conservative): the acting forward pass
runs under torch.no_grad() (CleanRL builds its autograd graph and discards it), and no Gymnasium wrappers
(SyncVectorEnv, RecordEpisodeStatistics, TimeLimit, OrderEnforcing, PassiveEnvChecker) sit around the env.

Gymnasium is not installed here, so CartPole-v1 is written below per docs/environments.md (Gymnasium's
equations and constants: gravity 9.8, cart 1.0, pole 0.1, half-length 0.5, force 10, tau 0.02, explicit Euler,
thresholds 2.4 and 12 degrees, reset uniform in [-0.05, 0.05), reward 1 every step, truncation at 500). Gymnasium's
own CartPoleEnv is plain Python too (math.sin/cos on Python floats, then np.array(state, dtype=float32)) — no C
acceleration — so this is a fair stand-in; this one keeps the state in Python floats and is, if anything, cheaper
than Gymnasium's with its wrappers, so the benchmark measures the DQN, not a slow environment. The state is double;
observations become float32 when they enter the buffer or the network, as Gymnasium's do.

Debian's python3-torch calls the system libblas.so.3 for its dense layers — netlib's reference BLAS unless an
optimized one is installed as the alternative — and that sets most of a training step's cost (batch 128);
bench/cartpole_dqn.sh prints which BLAS the interpreter maps.

Prints one line per seed (stdout):
  seed S  wall_s W  env_steps_per_s R  solved_step N|never  final_mean_return_100 M
R = env steps run / wall time of the whole run (network setup included). solved_step = the number of env steps
taken when the mean return of the last 100 finished episodes first reached 475 (checked as each episode ends;
never before 100 episodes). The whole budget runs unless --stop-when-solved. final_mean_return_100 = the mean
return of the last 100 finished episodes at the end (of all of them when fewer than 100 finished).
Progress lines go to stderr every 50k steps unless --quiet.
"""
import argparse
import math
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

# CleanRL dqn.py defaults for CartPole-v1 (those of examples/cartpole_dqn.lep).
LEARNING_RATE = 2.5e-4
BUFFER_SIZE = 10000
GAMMA = 0.99
TAU = 1.0
TARGET_NETWORK_FREQUENCY = 500
BATCH_SIZE = 128
START_E, END_E, EXPLORATION_FRACTION = 1.0, 0.05, 0.5
LEARNING_STARTS = 10000
TRAIN_FREQUENCY = 10
SOLVED_MEAN, WINDOW = 475.0, 100


class CartPole:
    """CartPole-v1 (docs/environments.md, Gymnasium's CartPoleEnv + TimeLimit(500)), state in Python floats."""
    GRAVITY, MASSCART, MASSPOLE, LENGTH, FORCE_MAG, TAU = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    TOTAL_MASS = MASSPOLE + MASSCART
    POLEMASS_LENGTH = MASSPOLE * LENGTH
    THETA_THRESHOLD = 12 * 2 * math.pi / 360
    X_THRESHOLD = 2.4
    MAX_STEPS = 500

    def __init__(self, rng):
        self.rng = rng
        self.state = (0.0, 0.0, 0.0, 0.0)
        self.elapsed = 0

    def reset(self):
        u = self.rng.random
        self.state = (u() * 0.1 - 0.05, u() * 0.1 - 0.05, u() * 0.1 - 0.05, u() * 0.1 - 0.05)
        self.elapsed = 0
        return self.state

    def step(self, action):
        """Returns (state, reward, terminated, truncated)."""
        x, x_dot, theta, theta_dot = self.state
        force = self.FORCE_MAG if action == 1 else -self.FORCE_MAG
        costheta = math.cos(theta)
        sintheta = math.sin(theta)
        temp = (force + self.POLEMASS_LENGTH * theta_dot**2 * sintheta) / self.TOTAL_MASS
        thetaacc = (self.GRAVITY * sintheta - costheta * temp) / (
            self.LENGTH * (4.0 / 3.0 - self.MASSPOLE * costheta**2 / self.TOTAL_MASS))
        xacc = temp - self.POLEMASS_LENGTH * thetaacc * costheta / self.TOTAL_MASS
        x = x + self.TAU * x_dot
        x_dot = x_dot + self.TAU * xacc
        theta = theta + self.TAU * theta_dot
        theta_dot = theta_dot + self.TAU * thetaacc
        self.state = (x, x_dot, theta, theta_dot)
        self.elapsed += 1
        terminated = (x < -self.X_THRESHOLD or x > self.X_THRESHOLD
                      or theta < -self.THETA_THRESHOLD or theta > self.THETA_THRESHOLD)
        truncated = not terminated and self.elapsed >= self.MAX_STEPS
        return self.state, 1.0, terminated, truncated


def q_network():
    nn = torch.nn
    return nn.Sequential(nn.Linear(4, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 2))


def run(seed, total_steps, epsilon_steps, stop_when_solved, quiet):
    start = time.perf_counter()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    env_rng = random.Random(seed)      # the env's resets and the random actions (CleanRL: env and action space)
    env = CartPole(env_rng)

    q_net = q_network()
    optimizer = torch.optim.Adam(q_net.parameters(), lr=LEARNING_RATE)
    target_net = q_network()
    target_net.load_state_dict(q_net.state_dict())

    # SB3 ReplayBuffer (n_envs 1, optimize_memory_usage False): a ring of BUFFER_SIZE, uniform with replacement.
    rb_obs = np.zeros((BUFFER_SIZE, 4), dtype=np.float32)
    rb_next = np.zeros((BUFFER_SIZE, 4), dtype=np.float32)
    rb_act = np.zeros((BUFFER_SIZE, 1), dtype=np.int64)
    rb_rew = np.zeros(BUFFER_SIZE, dtype=np.float32)
    rb_done = np.zeros(BUFFER_SIZE, dtype=np.float32)
    pos, full = 0, False

    duration = epsilon_steps if epsilon_steps else EXPLORATION_FRACTION * total_steps
    slope = (END_E - START_E) / duration
    obs = env.reset()
    episode_return = 0.0
    returns = []
    solved_step = None
    steps = 0
    next_progress = 50000
    for global_step in range(total_steps):
        epsilon = max(slope * global_step + START_E, END_E)
        if random.random() < epsilon:
            action = env_rng.randrange(2)
        else:
            with torch.no_grad():
                action = int(torch.argmax(q_net(torch.tensor(obs, dtype=torch.float32))))
        next_obs, reward, terminated, truncated = env.step(action)
        episode_return += reward

        rb_obs[pos] = obs
        rb_next[pos] = next_obs          # the true last observation, also on truncation
        rb_act[pos, 0] = action
        rb_rew[pos] = reward
        rb_done[pos] = terminated
        pos += 1
        if pos == BUFFER_SIZE:
            pos, full = 0, True
        steps = global_step + 1

        if terminated or truncated:
            returns.append(episode_return)
            episode_return = 0.0
            if solved_step is None and len(returns) >= WINDOW and sum(returns[-WINDOW:]) / WINDOW >= SOLVED_MEAN:
                solved_step = steps
                if stop_when_solved:
                    break
            obs = env.reset()
        else:
            obs = next_obs

        if global_step > LEARNING_STARTS:
            if global_step % TRAIN_FREQUENCY == 0:
                idx = np.random.randint(0, BUFFER_SIZE if full else pos, size=BATCH_SIZE)
                b_obs = torch.from_numpy(rb_obs[idx])
                b_next = torch.from_numpy(rb_next[idx])
                b_act = torch.from_numpy(rb_act[idx])
                b_rew = torch.from_numpy(rb_rew[idx])
                b_done = torch.from_numpy(rb_done[idx])
                with torch.no_grad():
                    target_max, _ = target_net(b_next).max(dim=1)
                    td_target = b_rew + GAMMA * target_max * (1 - b_done)
                old_val = q_net(b_obs).gather(1, b_act).squeeze()
                loss = F.mse_loss(td_target, old_val)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            if global_step % TARGET_NETWORK_FREQUENCY == 0:
                with torch.no_grad():
                    for t_param, q_param in zip(target_net.parameters(), q_net.parameters()):
                        t_param.copy_(TAU * q_param + (1.0 - TAU) * t_param)

        if not quiet and steps >= next_progress:
            next_progress += 50000
            recent = returns[-WINDOW:]
            mean = sum(recent) / len(recent) if recent else float("nan")
            print(f"  seed {seed}  step {steps}/{total_steps}  episodes {len(returns)}  mean_return(100) {mean:.1f}"
                  f"  epsilon {epsilon:.3f}  steps/s {steps / (time.perf_counter() - start):.0f}",
                  file=sys.stderr, flush=True)

    wall = time.perf_counter() - start
    recent = returns[-WINDOW:]
    final_mean = sum(recent) / len(recent) if recent else float("nan")
    return wall, steps / wall, solved_step, final_mean


def main():
    parser = argparse.ArgumentParser(description="DQN on CartPole-v1 (CleanRL dqn.py), PyTorch, 1 thread")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--steps", type=int, default=500000, help="total env steps (the epsilon schedule spans half)")
    parser.add_argument("--epsilon-steps", type=int, default=0,
                        help="steps of the epsilon decay (default 0: CleanRL's exploration_fraction 0.5 x --steps)")
    parser.add_argument("--stop-when-solved", action="store_true", help="end a seed's run when it is solved")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args()
    torch.set_num_threads(1)
    for seed in args.seeds:
        wall, rate, solved, final_mean = run(seed, args.steps, args.epsilon_steps, args.stop_when_solved, args.quiet)
        print(f"seed {seed}  wall_s {wall:.2f}  env_steps_per_s {rate:.0f}  "
              f"solved_step {solved if solved is not None else 'never'}  final_mean_return_100 {final_mean:.1f}",
              flush=True)


if __name__ == "__main__":
    main()
