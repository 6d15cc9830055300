// report_page.h — what the HTML reports share: XML escaping, the page's head and style, inline SVG line charts.
#ifndef LEPTON_RUNTIME_REPORT_PAGE_H
#define LEPTON_RUNTIME_REPORT_PAGE_H

#include <string>
#include <utility>
#include <vector>

namespace lepton::rt {

/// Text for XML content or attributes: markup characters as entities, control characters (C0, not allowed in
/// XML, and DEL) as U+FFFD; CR is dropped (XML reads CRLF as LF anyway).
std::string xmlEscape(const std::string &s);

/// "<!DOCTYPE html>…<body><h1>title</h1>": the opening of a self-contained XHTML page; `title` already escaped.
std::string pageStart(const std::string &title);

/// One line of a chart: (x, value) points, finite only.
struct Series {
  std::string label;
  const char *color;
  std::vector<std::pair<double, double>> points;
};

/// How a chart draws: its title, the x axis's name (x runs from 1), values times `scale` with `unit` on the y
/// labels, and a dot on every point (for a few points, not thousands).
struct ChartStyle {
  const char *title;
  const char *xLabel = "epoch";
  double scale = 1;
  const char *unit = "";
  bool markers = true;
};

/// A 640 x 300 SVG line chart of the series: axes, 5 y ticks, up to 10 integer x ticks, a legend in the title row
/// (150 px per series), "no data" when no series has a point.
std::string chart(const ChartStyle &style, const std::vector<Series> &series);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_REPORT_PAGE_H
