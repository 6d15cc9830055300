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
/// The page reads well from a phone's width to a desktop's: charts scale down, wide tables scroll in their box.
std::string pageStart(const std::string &title);

/// One row of a two-column table (a th and a td), both plain text (escaped here).
using TableRow = std::pair<std::string, std::string>;

/// A two-column key/value table of `rows`, class `cls`, in a box that scrolls sideways on a narrow screen.
std::string keyValueTable(const std::vector<TableRow> &rows, const char *cls);

/// The members of a JSON object as (key, value) rows: strings unquoted, other values as written (a nested object
/// or list as its JSON text). One row ("settings", the text) when `json` is not an object.
std::vector<TableRow> jsonObjectRows(const std::string &json);

/// The run-information rows every report starts with: started (UTC), command line, leptonc version, data files,
/// checkpoint loaded/saved, and `totalSeconds` as the total time.
std::vector<TableRow> runInfoRows(double totalSeconds);

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
  double markX = 0; ///< an x to mark with a dashed line and `markLabel` (the best epoch); 0: none
  std::string markLabel = "";
};

/// A 640 x 300 SVG line chart of the series (scaled to its box: viewBox, no fixed size): axes, "nice" y ticks
/// (report_ticks.h), at most 10 integer x ticks, a legend in the title row (165 px per series), the marked x,
/// "no data" when no series has a point.
std::string chart(const ChartStyle &style, const std::vector<Series> &series);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_REPORT_PAGE_H
