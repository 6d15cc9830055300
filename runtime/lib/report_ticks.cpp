// report_ticks.cpp — "nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten (Heckbert's labels).
#include "report_ticks.h"

#include "internal.h"

#include <cmath>

namespace lepton::rt {

Ticks niceTicks(double lo, double hi, int most) {
  Ticks t;
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi))
    return t;
  if (hi == lo) { // one value: a small range around it
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.05;
    lo -= pad, hi += pad;
  }
  double raw = (hi - lo) / (most > 0 ? most : 1);
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    t.step = m * power;
    if (std::ceil(hi / t.step - 1e-9) - std::floor(lo / t.step + 1e-9) <= most)
      break;
  }
  double first = std::floor(lo / t.step + 1e-9), last = std::ceil(hi / t.step - 1e-9);
  for (double k = first; k <= last + 0.5; ++k)
    t.values.push_back(k * t.step == 0 ? 0.0 : k * t.step); // no "-0"
  // Decimals: enough for the step (2.5 needs one more than 2 or 5).
  double scaled = t.step;
  while (t.decimals < 12 && std::fabs(scaled - std::round(scaled)) > 1e-6 * scaled)
    scaled *= 10, ++t.decimals;
  return t;
}

std::string tickLabel(double value, int decimals, const char *unit) {
  return format("%.*f%s", decimals, value, unit ? unit : "");
}

} // namespace lepton::rt
