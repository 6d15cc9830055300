// report_html.cpp — the run's self-contained HTML report: inline SVG curves, layers, settings, epoch table.
#include "output_file.h"
#include "progress.h"

#include <algorithm>
#include <cmath>

namespace {

using lepton::rt::format;

/// Text for XML content or attributes: markup characters as entities, control characters (C0, not allowed in
/// XML, and DEL) as U+FFFD; CR is dropped (XML reads CRLF as LF anyway).
std::string escape(const std::string &s) {
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

struct Series {
  const char *label, *color;
  std::vector<std::pair<double, double>> points; // (epoch, value), finite only
};

/// A line chart of the series against the epoch: axes, 5 y ticks, up to 10 epoch ticks, a legend.
std::string chart(const char *title, const std::vector<Series> &series, double scale, const char *unit) {
  const double W = 640, H = 300, L = 60, R = 20, T = 30, B = 40;
  double x0 = 1, x1 = 1, y0 = INFINITY, y1 = -INFINITY;
  for (const Series &s : series)
    for (auto [x, y] : s.points)
      x1 = std::max(x1, x), y0 = std::min(y0, y * scale), y1 = std::max(y1, y * scale);
  std::string svg = format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                           "viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n<title>%s</title>\n",
                           W, H, W, H, escape(title).c_str());
  svg += format("<text x=\"%.0f\" y=\"18\" class=\"t\">%s</text>\n", L, escape(title).c_str());
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
  svg += format("<text x=\"%.0f\" y=\"%.0f\" class=\"xl\">epoch</text>\n", (L + W - R) / 2, H - 4);
  double legendX = W - R - 300; // legend in the title row, right-aligned, one entry per 150 px
  for (size_t k = 0; k < series.size(); ++k) {
    const Series &s = series[k];
    if (s.points.empty())
      continue;
    std::string d;
    for (auto [x, y] : s.points)
      d += format("%s%.1f %.1f", d.empty() ? "M" : "L", px(x), py(y));
    svg += format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", d.c_str(), s.color);
    for (auto [x, y] : s.points)
      svg += format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px(x), py(y), s.color);
    double lx = legendX + 150 * static_cast<double>(k);
    svg += format("<path d=\"M%.0f 14H%.0f\" stroke=\"%s\" stroke-width=\"2\"/>", lx, lx + 20, s.color);
    svg += format("<text x=\"%.0f\" y=\"18\">%s</text>\n", lx + 26, s.label);
  }
  return svg + "</svg>\n";
}

Series series(const lepton_progress *p, const char *label, const char *color, double EpochRecord::*field) {
  Series s{label, color, {}};
  for (const EpochRecord &r : p->history)
    if (std::isfinite(r.*field))
      s.points.push_back({static_cast<double>(r.epoch), r.*field});
  return s;
}

std::string cell(double v, bool percent) {
  if (std::isnan(v))
    return "<td>–</td>";
  return percent ? format("<td>%.2f%%</td>", 100 * v) : format("<td>%.6g</td>", v);
}

const char *kStyle = "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}"
                     "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
                     "pre{background:#f6f6f6;padding:8px;overflow-x:auto}svg text{font-size:12px}"
                     ".t{font-weight:bold}.yl{text-anchor:end}.xl{text-anchor:middle}"
                     ".axis{stroke:#444;fill:none}.grid{stroke:#ddd}";

} // namespace

namespace {

/// One block's results, curves, model, settings and epoch table; headings at level `h` (h2 on a page of its own).
std::string blockBody(const lepton_progress *p, const std::string &settings, const char *layers_text, int h) {
  using namespace lepton::rt;
  std::string open = format("<h%d>", h), close = format("</h%d>\n", h);
  std::string out = open + "Results" + close + "<table>\n";
  for (const ResultRecord &r : p->results)
    out += "<tr><th>" + escape(r.name) + "</th>" + cell(r.value, r.percent) + "</tr>\n";
  out += "</table>\n" + open + "Curves" + close;
  out += chart("Loss", {series(p, "train loss", "#1f77b4", &EpochRecord::loss),
                        series(p, "validation loss", "#ff7f0e", &EpochRecord::valLoss)}, 1, "");
  out += chart("Accuracy", {series(p, "train accuracy", "#1f77b4", &EpochRecord::accuracy),
                            series(p, "validation accuracy", "#ff7f0e", &EpochRecord::valAccuracy)}, 100, "%");
  out += open + "Model" + close + "<pre>" + escape(layers_text ? layers_text : "") + "</pre>\n";
  out += open + "Settings" + close + "<pre>" + escape(settings) + "</pre>\n";
  out += open + "Epochs" + close + "<table>\n<tr><th>epoch</th><th>loss</th><th>accuracy</th><th>val loss</th>"
         "<th>val accuracy</th><th>samples/s</th><th>seconds</th></tr>\n";
  for (const EpochRecord &r : p->history)
    out += format("<tr><td>%lld</td>", static_cast<long long>(r.epoch)) + cell(r.loss, false) +
           cell(r.accuracy, true) + cell(r.valLoss, false) + cell(r.valAccuracy, true) +
           format("<td>%.0f</td><td>%.2f</td></tr>\n", r.samplesPerSecond, r.seconds);
  return out + "</table>\n";
}

std::string pageStart(const std::string &title) {
  return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
         "<meta charset=\"utf-8\"/>\n<title>" + title + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n<h1>" + title + "</h1>\n";
}

} // namespace

extern "C" {

int32_t lepton_progress_write_html(const lepton_progress *p, const char *path, const char *title,
                                   const char *settings_json, const char *layers_text) {
  using namespace lepton::rt;
  std::string settings;
  if (!p || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_progress_write_html: invalid arguments");
  if (!settingsObject(settings_json, "lepton_progress_write_html", settings))
    return LEPTON_ERR_INVALID;
  std::string out = pageStart(escape(title && *title ? title : "Lepton training report"));
  out += blockBody(p, settings, layers_text, 2) + "</body>\n</html>\n";
  return writeWholeFile(path, "HTML report", out, false);
}

int32_t lepton_progress_write_html_blocks(const lepton_progress *const *blocks, const char *const *titles,
                                          const char *const *settings_json, const char *const *layers_text,
                                          int64_t count, const char *path, const char *title) {
  using namespace lepton::rt;
  if (!blocks || !titles || !settings_json || !layers_text || count < 1 || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_progress_write_html_blocks: invalid arguments");
  std::string out = pageStart(escape(title && *title ? title : "Lepton training report"));
  for (int64_t i = 0; i < count; ++i) {
    std::string settings;
    if (!blocks[i])
      return fail(LEPTON_ERR_INVALID, "lepton_progress_write_html_blocks: block %lld is NULL", static_cast<long long>(i));
    if (!settingsObject(settings_json[i], "lepton_progress_write_html_blocks", settings))
      return LEPTON_ERR_INVALID;
    out += "<h2>" + escape(titles[i] ? titles[i] : "") + "</h2>\n" + blockBody(blocks[i], settings, layers_text[i], 3);
  }
  out += "</body>\n</html>\n";
  return writeWholeFile(path, "HTML report", out, false);
}

} // extern "C"
