// env_classic.cpp — MountainCar-v0 and Acrobot-v1 (Gymnasium's classic control), in double precision.
#include "environment.h"

#include <algorithm>
#include <cmath>
#include <new>

namespace {

using lepton::rt::EnvRandom;

// ---------------------------------------------------------------------------------------------- MountainCar-v0

class MountainCar final : public lepton::rt::Environment {
public:
  static constexpr double kMinPosition = -1.2, kMaxPosition = 0.6, kMaxSpeed = 0.07;
  static constexpr double kGoalPosition = 0.5, kGoalVelocity = 0;
  static constexpr double kForce = 0.001, kGravity = 0.0025;

  int32_t numActions() const override { return 3; }
  int32_t obsSize() const override { return 2; }

  int32_t reset(const EnvRandom &random, float *obs, int32_t *) override {
    position_ = random.uniform(0, -0.6, -0.4);
    velocity_ = 0;
    observe(obs);
    return LEPTON_OK;
  }

  int32_t step(int32_t action, const EnvRandom &, float *obs, int32_t *, double *reward, bool *terminated,
               bool *) override {
    velocity_ += (action - 1) * kForce + std::cos(3 * position_) * (-kGravity);
    velocity_ = std::clamp(velocity_, -kMaxSpeed, kMaxSpeed);
    position_ += velocity_;
    position_ = std::clamp(position_, kMinPosition, kMaxPosition);
    if (position_ == kMinPosition && velocity_ < 0)
      velocity_ = 0;
    *terminated = position_ >= kGoalPosition && velocity_ >= kGoalVelocity;
    *reward = -1.0;
    observe(obs);
    return LEPTON_OK;
  }

  int32_t debugState(double *out, int32_t capacity) const override {
    if (capacity >= 2)
      out[0] = position_, out[1] = velocity_;
    return 2;
  }

  bool debugSetState(const double *values, int32_t count, float *obs, int32_t *) override {
    if (count != 2)
      return false;
    position_ = values[0], velocity_ = values[1];
    observe(obs);
    return true;
  }

private:
  void observe(float *obs) const { obs[0] = static_cast<float>(position_), obs[1] = static_cast<float>(velocity_); }

  double position_ = 0, velocity_ = 0;
};

// ------------------------------------------------------------------------------------------------- Acrobot-v1

class Acrobot final : public lepton::rt::Environment {
public:
  static constexpr double kDt = 0.2;
  static constexpr double kLinkLength1 = 1.0, kLinkMass1 = 1.0, kLinkMass2 = 1.0;
  static constexpr double kLinkComPos1 = 0.5, kLinkComPos2 = 0.5, kLinkMoi = 1.0;
  static constexpr double kMaxVel1 = 4 * M_PI, kMaxVel2 = 9 * M_PI;
  static constexpr double kGravity = 9.8;

  int32_t numActions() const override { return 3; }
  int32_t obsSize() const override { return 6; }

  int32_t reset(const EnvRandom &random, float *obs, int32_t *) override {
    for (unsigned i = 0; i < 4; ++i) // Gymnasium keeps the reset state as float32
      s_[i] = static_cast<float>(random.uniform(i, -0.1, 0.1));
    observe(obs);
    return LEPTON_OK;
  }

  int32_t step(int32_t action, const EnvRandom &, float *obs, int32_t *, double *reward, bool *terminated,
               bool *) override {
    static constexpr double kTorque[3] = {-1.0, 0.0, 1.0};
    rk4(kTorque[action]);
    s_[0] = wrap(s_[0], -M_PI, M_PI);
    s_[1] = wrap(s_[1], -M_PI, M_PI);
    s_[2] = std::min(std::max(s_[2], -kMaxVel1), kMaxVel1);
    s_[3] = std::min(std::max(s_[3], -kMaxVel2), kMaxVel2);
    *terminated = -std::cos(s_[0]) - std::cos(s_[1] + s_[0]) > 1.0;
    *reward = *terminated ? 0.0 : -1.0;
    observe(obs);
    return LEPTON_OK;
  }

  int32_t debugState(double *out, int32_t capacity) const override {
    for (int32_t i = 0; i < 4 && i < capacity; ++i)
      out[i] = s_[i];
    return 4;
  }

  bool debugSetState(const double *values, int32_t count, float *obs, int32_t *) override {
    if (count != 4)
      return false;
    for (int i = 0; i < 4; ++i)
      s_[i] = values[i];
    observe(obs);
    return true;
  }

private:
  /// Gymnasium's _dsdt with the "book" dynamics: derivatives of (theta1, theta2, dtheta1, dtheta2) under torque a.
  static void dsdt(const double s[4], double a, double out[4]) {
    const double m1 = kLinkMass1, m2 = kLinkMass2, l1 = kLinkLength1, lc1 = kLinkComPos1, lc2 = kLinkComPos2;
    const double I1 = kLinkMoi, I2 = kLinkMoi, g = kGravity;
    double theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
    double d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * std::cos(theta2)) + I1 + I2;
    double d2 = m2 * ((lc2 * lc2) + l1 * lc2 * std::cos(theta2)) + I2;
    double phi2 = m2 * lc2 * g * std::cos(theta1 + theta2 - M_PI / 2.0);
    double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * std::sin(theta2) -
                  2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * std::sin(theta2) +
                  (m1 * lc1 + m2 * l1) * g * std::cos(theta1 - M_PI / 2) + phi2;
    double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * std::sin(theta2) - phi2) /
                      (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
    double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    out[0] = dtheta1, out[1] = dtheta2, out[2] = ddtheta1, out[3] = ddtheta2;
  }

  /// Gymnasium's rk4 over t = [0, dt]: one classical Runge-Kutta step (the torque is constant).
  void rk4(double torque) {
    const double dt = kDt - 0.0, dt2 = dt / 2.0;
    double k1[4], k2[4], k3[4], k4[4], y[4];
    dsdt(s_, torque, k1);
    for (int i = 0; i < 4; ++i)
      y[i] = s_[i] + dt2 * k1[i];
    dsdt(y, torque, k2);
    for (int i = 0; i < 4; ++i)
      y[i] = s_[i] + dt2 * k2[i];
    dsdt(y, torque, k3);
    for (int i = 0; i < 4; ++i)
      y[i] = s_[i] + dt * k3[i];
    dsdt(y, torque, k4);
    for (int i = 0; i < 4; ++i)
      s_[i] = s_[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }

  /// Gymnasium's wrap: shifts x by whole periods into [m, M] (M itself stays).
  static double wrap(double x, double m, double M) {
    double diff = M - m;
    while (x > M)
      x = x - diff;
    while (x < m)
      x = x + diff;
    return x;
  }

  void observe(float *obs) const {
    obs[0] = static_cast<float>(std::cos(s_[0]));
    obs[1] = static_cast<float>(std::sin(s_[0]));
    obs[2] = static_cast<float>(std::cos(s_[1]));
    obs[3] = static_cast<float>(std::sin(s_[1]));
    obs[4] = static_cast<float>(s_[2]);
    obs[5] = static_cast<float>(s_[3]);
  }

  double s_[4] = {0, 0, 0, 0}; // theta1, theta2, dtheta1, dtheta2
};

} // namespace

std::unique_ptr<lepton::rt::Environment> lepton::rt::makeMountainCar() {
  return std::unique_ptr<Environment>(new (std::nothrow) MountainCar);
}

std::unique_ptr<lepton::rt::Environment> lepton::rt::makeAcrobot() {
  return std::unique_ptr<Environment>(new (std::nothrow) Acrobot);
}
