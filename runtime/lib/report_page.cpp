// report_page.cpp — what the HTML reports share: XML escaping, the page's head and style, inline SVG line charts.
#include "report_page.h"

#include "internal.h"

#include <algorithm>
#include <cmath>

namespace lepton::rt {

namespace {

const char *kStyle = "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}"
                     "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
                     "pre{background:#f6f6f6;padding:8px;overflow-x:auto}svg text{font-size:12px}"
                     ".t{font-weight:bold}.yl{text-anchor:end}.xl{text-anchor:middle}"
                     ".axis{stroke:#444;fill:none}.grid{stroke:#ddd}";

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
         "<meta charset=\"utf-8\"/>\n<title>" + title + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n<h1>" + title + "</h1>\n";
}

std::string chart(const ChartStyle &style, const std::vector<Series> &series) {
  const char *title = style.title, *unit = style.unit;
  const double scale = style.scale;
  const double W = 640, H = 300, L = 60, R = 20, T = 30, B = 40;
  double x0 = 1, x1 = 1, y0 = INFINITY, y1 = -INFINITY;
  for (const Series &s : series)
    for (auto [x, y] : s.points)
      x1 = std::max(x1, x), y0 = std::min(y0, y * scale), y1 = std::max(y1, y * scale);
  std::string svg = format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                           "viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n<title>%s</title>\n",
                           W, H, W, H, xmlEscape(title).c_str());
  svg += format("<text x=\"%.0f\" y=\"18\" class=\"t\">%s</text>\n", L, xmlEscape(title).c_str());
  if (!(y0 <= y1))
    return svg + format("<text x=\"%.0f\" y=\"%.0f\">no data</text>\n</svg>\n", L, H / 2);
  double pad = (y1 - y0) * 0.05 + (y1 == y0 ? std::max(std::fabs(y1) * 0.05, 0.01) : 0);
  y0 -= pad, y1 += pad;
  auto px = [&](double x) { return x1 > x0 ? L + (x - x0) / (x1 - x0) * (W - L - R) : L + (W - L - R) / 2; };
  auto py = [&](double y) { return T + (y1 - y * scale) / (y1 - y0) * (H - T - B); };
  svg += format("<path d=\"M%.0f %.0fV%.0fH%.0f\" class=\"axis\"/>\n", L, T, H - B, W - R);
  for (int i = 0; i <= 4; ++i) {
    double v = y0 + (y1 - y0) * i / 4, y = T + (H - T - B) * (4 - i) / 4.0;
    svg += format("<text x=\"%.0f\" y=\"%.1f\" class=\"yl\">%.4g%s</text>\n", L - 6, y + 4, v, unit);
    svg += format("<path d=\"M%.0f %.1fH%.0f\" class=\"grid\"/>\n", L, y, W - R);
  }
  int64_t last = static_cast<int64_t>(x1), step = std::max<int64_t>(1, (last + 9) / 10);
  for (int64_t e = 1; e <= last; e += step)
    svg += format("<text x=\"%.1f\" y=\"%.0f\" class=\"xl\">%lld</text>\n", px(static_cast<double>(e)), H - B + 16,
                  static_cast<long long>(e));
  svg += format("<text x=\"%.0f\" y=\"%.0f\" class=\"xl\">%s</text>\n", (L + W - R) / 2, H - 4,
                xmlEscape(style.xLabel).c_str());
  double legendX = W - R - 300; // legend in the title row, right-aligned, one entry per 150 px
  for (size_t k = 0; k < series.size(); ++k) {
    const Series &s = series[k];
    if (s.points.empty())
      continue;
    std::string d;
    for (auto [x, y] : s.points)
      d += format("%s%.1f %.1f", d.empty() ? "M" : "L", px(x), py(y));
    svg += format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", d.c_str(), s.color);
    for (size_t i = 0; style.markers && i < s.points.size(); ++i)
      svg += format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px(s.points[i].first),
                    py(s.points[i].second), s.color);
    double lx = legendX + 150 * static_cast<double>(k);
    svg += format("<path d=\"M%.0f 14H%.0f\" stroke=\"%s\" stroke-width=\"2\"/>", lx, lx + 20, s.color);
    svg += format("<text x=\"%.0f\" y=\"18\">%s</text>\n", lx + 26, xmlEscape(s.label).c_str());
  }
  return svg + "</svg>\n";
}

} // namespace lepton::rt
