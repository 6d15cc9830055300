// report_page.cpp — what the HTML reports share: XML escaping, the page's head and style, tables, inline SVG charts.
#include "report_page.h"

#include "internal.h"
#include "report_ticks.h"
#include "run_info.h"

#include <algorithm>
#include <cmath>

namespace lepton::rt {

namespace {

// Phone to desktop: the body is at most 64em wide, charts share a row when there is room (two at 1280 px) and
// shrink with the window (viewBox; 15 px text in a 640 px box stays legible at half size), tables that are too
// wide scroll inside their box, long words break.
const char *kStyle = "body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em;max-width:64em;color:#222;"
                     "line-height:1.4}h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.5em}"
                     ".box{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0}"
                     "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right;vertical-align:top}th:first-child{text-align:left}"
                     "table.kv th,table.kv td{text-align:left}table.kv td{overflow-wrap:anywhere;white-space:pre-wrap}"
                     "pre{background:#f6f6f6;padding:8px;overflow-x:auto}"
                     ".charts{display:flex;flex-wrap:wrap;gap:1em}.charts svg{flex:1 1 28em;max-width:100%;"
                     "height:auto}svg text{font-size:15px}.t{font-weight:bold}.yl{text-anchor:end}"
                     ".xl{text-anchor:middle}.axis{stroke:#444;fill:none}.grid{stroke:#ddd}"
                     ".mark{stroke:#2ca02c;stroke-dasharray:4 3}.ml{fill:#2ca02c}"
                     "@media (max-width:40em){body{padding:.5em}td,th{padding:2px 4px}}";

/// Reads a JSON string at s[i] (the opening quote) into `out`; returns the index after it, or npos.
size_t readString(const std::string &s, size_t i, std::string &out) {
  out.clear();
  for (++i; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"')
      return i + 1;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= s.size())
      return std::string::npos;
    char e = s[i];
    out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
    if (e == 'u') { // \uXXXX: kept as written (settings are identifiers and numbers)
      out.back() = '\\';
      out += 'u';
    }
  }
  return std::string::npos;
}

/// The end of the JSON value starting at s[i] (not a string): the matching bracket for {…} and […], else the next
/// ',' or '}' at this level.
size_t valueEnd(const std::string &s, size_t i) {
  int depth = 0;
  std::string skipped;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      i = readString(s, i, skipped);
      if (i == std::string::npos)
        return i;
      --i;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0)
        return i;
      --depth;
    } else if (c == ',' && depth == 0) {
      return i;
    }
  }
  return std::string::npos;
}

std::string trimmed(const std::string &s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

} // namespace

std::string xmlEscape(const std::string &s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default:
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) // C0 controls and DEL
        out += (c == '\r') ? "" : "\xEF\xBF\xBD";
      else
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string pageStart(const std::string &title) {
  return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
         "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
         "<title>" + title + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" + title + "</h1>\n";
}

std::string keyValueTable(const std::vector<TableRow> &rows, const char *cls) {
  if (rows.empty())
    return "<p>(none)</p>\n";
  std::string out = format("<div class=\"box\"><table class=\"kv %s\">\n", cls);
  for (const TableRow &r : rows)
    out += "<tr><th>" + xmlEscape(r.first) + "</th><td>" + xmlEscape(r.second) + "</td></tr>\n";
  return out + "</table></div>\n";
}

std::vector<TableRow> jsonObjectRows(const std::string &json) {
  std::vector<TableRow> rows;
  std::string s = trimmed(json);
  size_t i = 1;
  auto skipSpace = [&] {
    while (i < s.size() && std::string(" \t\r\n").find(s[i]) != std::string::npos)
      ++i;
  };
  bool ok = s.size() >= 2 && s.front() == '{' && s.back() == '}';
  while (ok) {
    skipSpace();
    if (i < s.size() && s[i] == '}' && rows.empty())
      break; // {}
    std::string key, value;
    ok = i < s.size() && s[i] == '"' && (i = readString(s, i, key)) != std::string::npos;
    skipSpace();
    ok = ok && i < s.size() && s[i] == ':';
    ++i;
    skipSpace();
    if (!ok || i >= s.size())
      break;
    size_t end = s[i] == '"' ? readString(s, i, value) : valueEnd(s, i);
    ok = end != std::string::npos;
    if (!ok)
      break;
    if (s[i] != '"')
      value = trimmed(s.substr(i, end - i));
    rows.push_back({key, value});
    i = end;
    skipSpace();
    ok = i < s.size() && (s[i] == ',' || s[i] == '}');
    if (!ok || s[i] == '}')
      break;
    ++i;
  }
  if (!ok || i != s.size() - 1)
    return {{"settings", json}};
  return rows;
}

std::vector<TableRow> runInfoRows(double totalSeconds) {
  std::vector<TableRow> rows = {{"started", startedUtc()}};
  if (!commandLine().empty())
    rows.push_back({"command", commandLineText()});
  rows.push_back({"compiled by", std::string("leptonc ") + leptoncVersion()});
  std::string files;
  for (const std::string &f : dataFiles())
    files += (files.empty() ? "" : "\n") + f;
  if (!files.empty())
    rows.push_back({"data files", files});
  if (!loadedCheckpoint().empty())
    rows.push_back({"checkpoint loaded", loadedCheckpoint()});
  if (!savedCheckpoint().empty())
    rows.push_back({"checkpoint saved", savedCheckpoint()});
  rows.push_back({"total time", format("%.1f s", totalSeconds)});
  return rows;
}

std::string chart(const ChartStyle &style, const std::vector<Series> &series) {
  const char *title = style.title, *unit = style.unit;
  const double scale = style.scale;
  const double W = 640, H = 300, L = 60, R = 20, T = 30, B = 40;
  double x0 = 1, x1 = 1, lo = INFINITY, hi = -INFINITY;
  for (const Series &s : series)
    for (auto [x, y] : s.points)
      x1 = std::max(x1, x), lo = std::min(lo, y * scale), hi = std::max(hi, y * scale);
  std::string svg = format("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n"
                           "<title>%s</title>\n",
                           W, H, xmlEscape(title).c_str());
  svg += format("<text x=\"%.0f\" y=\"18\" class=\"t\">%s</text>\n", L, xmlEscape(title).c_str());
  if (!(lo <= hi))
    return svg + format("<text x=\"%.0f\" y=\"%.0f\">no data</text>\n</svg>\n", L, H / 2);
  Ticks ticks = niceTicks(lo, hi);
  const double y0 = ticks.values.front(), y1 = ticks.values.back();
  auto px = [&](double x) { return x1 > x0 ? L + (x - x0) / (x1 - x0) * (W - L - R) : L + (W - L - R) / 2; };
  auto py = [&](double v) { return T + (y1 - v) / (y1 - y0) * (H - T - B); };
  svg += format("<path d=\"M%.0f %.0fV%.0fH%.0f\" class=\"axis\"/>\n", L, T, H - B, W - R);
  for (double v : ticks.values) {
    svg += format("<text x=\"%.0f\" y=\"%.1f\" class=\"yl\">%s</text>\n", L - 6, py(v) + 4,
                  tickLabel(v, ticks.decimals, unit).c_str());
    svg += format("<path d=\"M%.0f %.1fH%.0f\" class=\"grid\"/>\n", L, py(v), W - R);
  }
  // Epoch ticks: every 1, 2, 5, 10, 20, 50, … epochs, at most 10.
  int64_t last = static_cast<int64_t>(x1), step = 1;
  for (int64_t k = 1; (last - 1) / step >= 10; k *= 10)
    step = (last - 1) / k < 20 ? 2 * k : (last - 1) / k < 50 ? 5 * k : 10 * k;
  for (int64_t e = step; e <= last; e += step)
    svg += format("<text x=\"%.1f\" y=\"%.0f\" class=\"xl\">%lld</text>\n", px(static_cast<double>(e)), H - B + 16,
                  static_cast<long long>(e));
  svg += format("<text x=\"%.0f\" y=\"%.0f\" class=\"xl\">%s</text>\n", (L + W - R) / 2, H - 4,
                xmlEscape(style.xLabel).c_str());
  if (style.markX >= x0 && style.markX <= x1 && style.markX > 0) {
    double mx = px(style.markX);
    svg += format("<path d=\"M%.1f %.0fV%.0f\" class=\"mark\"/>\n", mx, T, H - B);
    // The label beside the line, on the side with room: left of it in the chart's right half.
    svg += format("<text x=\"%.1f\" y=\"%.0f\" class=\"%s\">%s</text>\n", mx + (mx > W / 2 ? -4 : 4), T + 12,
                  mx > W / 2 ? "ml yl" : "ml", xmlEscape(style.markLabel).c_str());
  }
  double legendX = W - R - 330; // legend in the title row, right-aligned, one entry per 165 px
  for (size_t k = 0; k < series.size(); ++k) {
    const Series &s = series[k];
    if (s.points.empty())
      continue;
    std::string d;
    for (auto [x, y] : s.points)
      d += format("%s%.1f %.1f", d.empty() ? "M" : "L", px(x), py(y * scale));
    svg += format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", d.c_str(), s.color);
    for (size_t i = 0; style.markers && i < s.points.size(); ++i)
      svg += format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px(s.points[i].first),
                    py(s.points[i].second * scale), s.color);
    double lx = legendX + 165 * static_cast<double>(k);
    svg += format("<path d=\"M%.0f 14H%.0f\" stroke=\"%s\" stroke-width=\"2\"/>", lx, lx + 20, s.color);
    svg += format("<text x=\"%.0f\" y=\"18\">%s</text>\n", lx + 26, xmlEscape(s.label).c_str());
  }
  return svg + "</svg>\n";
}

} // namespace lepton::rt
