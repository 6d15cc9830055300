#!/usr/bin/env python3
"""env_reference.py — recomputes CartPole-v1, MountainCar-v0 and Acrobot-v1 trajectories from Gymnasium's equations.

Usage: env_reference.py TRAJECTORIES

The file (written by env_reference_test.cpp from the runtime's lepton_env) holds scenarios:
    env NAME max_steps N
    start S0 S1 ...          the internal state after the reset, as C99 hex doubles (exact)
    reset O0 O1 ...          the reset's f32 observation
    step ACTION O0 O1 ... REWARD FLAGS
    state S0 S1 ...          the internal state after that step (hex doubles)
    end
This script starts from `start`, applies the same actions with the equations written here (as in docs/
environments.md, independently of the C++), and checks every observation (f32) and internal state (double), to
1e-6 relative or absolute, and every reward and flag exactly. (The internal state catches what observations
cannot show: Acrobot's observations are the same whether or not the angles are wrapped into [-pi, pi].) Exit 0 when all match; otherwise prints the first mismatch of each scenario and exits 1.
"""
import math
import struct
import sys

TERMINATED, TRUNCATED = 1, 2


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


# CartPole-v1 -----------------------------------------------------------------------------------------------------
def cartpole_step(s, action):
    gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = masspole + masscart
    polemass_length = masspole * length
    x, x_dot, theta, theta_dot = s
    force = force_mag if action == 1 else -force_mag
    costheta, sintheta = math.cos(theta), math.sin(theta)
    temp = (force + polemass_length * theta_dot**2 * sintheta) / total_mass
    thetaacc = (gravity * sintheta - costheta * temp) / (length * (4.0 / 3.0 - masspole * costheta**2 / total_mass))
    xacc = temp - polemass_length * thetaacc * costheta / total_mass
    # explicit Euler: every position update uses the velocity from before the step
    s = [x + tau * x_dot, x_dot + tau * xacc, theta + tau * theta_dot, theta_dot + tau * thetaacc]
    limit = 12 * 2 * math.pi / 360
    terminated = abs(s[0]) > 2.4 or abs(s[2]) > limit
    return s, 1.0, terminated


def cartpole_obs(s):
    return list(s)


# MountainCar-v0 --------------------------------------------------------------------------------------------------
def mountain_car_step(s, action):
    position, velocity = s
    velocity += (action - 1) * 0.001 + math.cos(3 * position) * (-0.0025)
    velocity = min(max(velocity, -0.07), 0.07)
    position += velocity
    position = min(max(position, -1.2), 0.6)
    if position == -1.2 and velocity < 0:
        velocity = 0.0
    terminated = position >= 0.5 and velocity >= 0
    return [position, velocity], -1.0, terminated


def mountain_car_obs(s):
    return list(s)


# Acrobot-v1 (book dynamics) ----------------------------------------------------------------------------------------
def acrobot_derivs(y, torque):
    m1 = m2 = l1 = 1.0
    lc1 = lc2 = 0.5
    i1 = i2 = 1.0
    g = 9.8
    theta1, theta2, dtheta1, dtheta2 = y
    d1 = m1 * lc1**2 + m2 * (l1**2 + lc2**2 + 2 * l1 * lc2 * math.cos(theta2)) + i1 + i2
    d2 = m2 * (lc2**2 + l1 * lc2 * math.cos(theta2)) + i2
    phi2 = m2 * lc2 * g * math.cos(theta1 + theta2 - math.pi / 2.0)
    phi1 = (-m2 * l1 * lc2 * dtheta2**2 * math.sin(theta2)
            - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * math.sin(theta2)
            + (m1 * lc1 + m2 * l1) * g * math.cos(theta1 - math.pi / 2) + phi2)
    ddtheta2 = ((torque + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1**2 * math.sin(theta2) - phi2)
                / (m2 * lc2**2 + i2 - d2**2 / d1))
    ddtheta1 = -(d2 * ddtheta2 + phi1) / d1
    return [dtheta1, dtheta2, ddtheta1, ddtheta2]


def acrobot_step(s, action):
    torque = [-1.0, 0.0, 1.0][action]
    dt = 0.2
    h = dt / 2.0
    k1 = acrobot_derivs(s, torque)
    k2 = acrobot_derivs([a + h * b for a, b in zip(s, k1)], torque)
    k3 = acrobot_derivs([a + h * b for a, b in zip(s, k2)], torque)
    k4 = acrobot_derivs([a + dt * b for a, b in zip(s, k3)], torque)
    n = [y + dt / 6.0 * (a + 2 * b + 2 * c + d) for y, a, b, c, d in zip(s, k1, k2, k3, k4)]
    for i in (0, 1):  # wrap angles into [-pi, pi]
        while n[i] > math.pi:
            n[i] -= 2 * math.pi
        while n[i] < -math.pi:
            n[i] += 2 * math.pi
    n[2] = min(max(n[2], -4 * math.pi), 4 * math.pi)
    n[3] = min(max(n[3], -9 * math.pi), 9 * math.pi)
    terminated = -math.cos(n[0]) - math.cos(n[1] + n[0]) > 1.0
    return n, (0.0 if terminated else -1.0), terminated


def acrobot_obs(s):
    return [math.cos(s[0]), math.sin(s[0]), math.cos(s[1]), math.sin(s[1]), s[2], s[3]]


ENVS = {
    "cartpole": (cartpole_step, cartpole_obs),
    "mountain_car": (mountain_car_step, mountain_car_obs),
    "acrobot": (acrobot_step, acrobot_obs),
}


def close(got, want):
    return abs(got - f32(want)) <= 1e-6 * max(1.0, abs(want))


def check(scenario):
    """Returns None when the scenario matches, else a message about its first mismatch."""
    name, max_steps = scenario["env"], scenario["max_steps"]
    step_fn, obs_fn = ENVS[name]
    s = scenario["start"]
    for i, (got, want) in enumerate(zip(scenario["reset"], obs_fn(s))):
        if not close(got, want):
            return f"{name}: reset obs[{i}] = {got!r}, expected {f32(want)!r}"
    steps = scenario["steps"]
    for t, (action, obs, reward, flags, state) in enumerate(steps, start=1):
        s, want_reward, terminated = step_fn(s, action)
        for i, (got, want) in enumerate(zip(state, s)):
            if not abs(got - want) <= 1e-6 * max(1.0, abs(want)):
                return f"{name}: step {t} state[{i}] = {got!r}, expected {want!r}"
        if len(state) != len(s):
            return f"{name}: step {t} has {len(state)} state values, expected {len(s)}"
        want_flags = TERMINATED if terminated else (TRUNCATED if max_steps and t >= max_steps else 0)
        want_obs = obs_fn(s)
        for i, (got, want) in enumerate(zip(obs, want_obs)):
            if not close(got, want):
                return f"{name}: step {t} obs[{i}] = {got!r}, expected {f32(want)!r} (state {s})"
        if reward != want_reward or flags != want_flags:
            return f"{name}: step {t} reward {reward} flags {flags}, expected reward {want_reward} flags {want_flags}"
        if flags and t != len(steps):
            return f"{name}: the trajectory goes on after step {t} ended the episode"
    return None


def parse(path):
    scenarios, current = [], None
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            if words[0] == "env":
                current = {"env": words[1], "max_steps": int(words[3]), "steps": []}
            elif words[0] == "start":
                current["start"] = [float.fromhex(w) for w in words[1:]]
            elif words[0] == "reset":
                current["reset"] = [float(w) for w in words[1:]]
            elif words[0] == "step":
                current["steps"].append((int(words[1]), [float(w) for w in words[2:-2]], float(words[-2]),
                                         int(words[-1]), []))
            elif words[0] == "state":
                current["steps"][-1][4].extend(float.fromhex(w) for w in words[1:])
            elif words[0] == "end":
                scenarios.append(current)
    return scenarios


def main():
    scenarios = parse(sys.argv[1])
    failures = [m for m in (check(s) for s in scenarios) if m]
    for m in failures:
        print(m)
    total = sum(len(s["steps"]) for s in scenarios)
    print(f"{len(scenarios)} scenarios, {total} steps, {len(failures)} mismatching")
    return 1 if failures or not scenarios else 0


if __name__ == "__main__":
    sys.exit(main())
