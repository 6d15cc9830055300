// report_ticks.h — "nice" axis ticks for the reports' charts: 0.40, 0.45, 0.50 rather than 0.4788, 0.5255.
#ifndef LEPTON_RUNTIME_REPORT_TICKS_H
#define LEPTON_RUNTIME_REPORT_TICKS_H

#include <string>
#include <vector>

namespace lepton::rt {

/// Ticks covering [lo, hi]: a step of 1, 2, 2.5 or 5 times a power of ten giving at most `most` intervals, the
/// first tick at or below lo and the last at or above hi (the axis runs from the first to the last).
struct Ticks {
  std::vector<double> values;
  double step = 1;
  int decimals = 0; ///< digits after the point that every tick needs (0.25 → 2, 2.5 → 1, 5 → 0)
};
Ticks niceTicks(double lo, double hi, int most = 6);

/// A tick's label: `decimals` digits after the point, then `unit` ("85%").
std::string tickLabel(double value, int decimals, const char *unit);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_REPORT_TICKS_H
