// env_cartpole.cpp — CartPole-v1: a pole on a cart pushed left or right, Gymnasium's equations and constants.
#include "environment.h"

#include <cmath>
#include <new>

namespace {

using lepton::rt::EnvRandom;

constexpr double kGravity = 9.8;
constexpr double kMassCart = 1.0;
constexpr double kMassPole = 0.1;
constexpr double kTotalMass = kMassPole + kMassCart;
constexpr double kLength = 0.5; // half the pole's length
constexpr double kPoleMassLength = kMassPole * kLength;
constexpr double kForceMag = 10.0;
constexpr double kTau = 0.02; // seconds between state updates
constexpr double kThetaThreshold = 12 * 2 * M_PI / 360;
constexpr double kXThreshold = 2.4;

class CartPole final : public lepton::rt::Environment {
public:
  int32_t numActions() const override { return 2; }
  int32_t obsSize() const override { return 4; }

  int32_t reset(const EnvRandom &random, float *obs, int32_t *) override {
    for (unsigned i = 0; i < 4; ++i)
      s_[i] = random.uniform(i, -0.05, 0.05);
    observe(obs);
    return LEPTON_OK;
  }

  int32_t step(int32_t action, const EnvRandom &, float *obs, int32_t *, double *reward, bool *terminated,
               bool *) override {
    double x = s_[0], xDot = s_[1], theta = s_[2], thetaDot = s_[3];
    double force = action == 1 ? kForceMag : -kForceMag;
    double cosTheta = std::cos(theta), sinTheta = std::sin(theta);
    // https://coneural.org/florian/papers/05_cart_pole.pdf, in Gymnasium's order of operations.
    double temp = (force + kPoleMassLength * (thetaDot * thetaDot) * sinTheta) / kTotalMass;
    double thetaAcc = (kGravity * sinTheta - cosTheta * temp) /
                      (kLength * (4.0 / 3.0 - kMassPole * (cosTheta * cosTheta) / kTotalMass));
    double xAcc = temp - kPoleMassLength * thetaAcc * cosTheta / kTotalMass;
    // Explicit Euler: positions advance with the old velocities.
    x = x + kTau * xDot;
    xDot = xDot + kTau * xAcc;
    theta = theta + kTau * thetaDot;
    thetaDot = thetaDot + kTau * thetaAcc;
    s_[0] = x, s_[1] = xDot, s_[2] = theta, s_[3] = thetaDot;
    *terminated = x < -kXThreshold || x > kXThreshold || theta < -kThetaThreshold || theta > kThetaThreshold;
    *reward = 1.0; // the terminating step included
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
  void observe(float *obs) const {
    for (int i = 0; i < 4; ++i)
      obs[i] = static_cast<float>(s_[i]);
  }

  double s_[4] = {0, 0, 0, 0}; // x, x_dot, theta, theta_dot
};

} // namespace

std::unique_ptr<lepton::rt::Environment> lepton::rt::makeCartPole() {
  return std::unique_ptr<Environment>(new (std::nothrow) CartPole);
}
