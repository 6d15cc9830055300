// report_html.cpp — the run's self-contained HTML report: run information, results, inline SVG curves, layers,
// settings and the epoch table.
#include "output_file.h"
#include "progress.h"
#include "report_page.h"

#include <cmath>

namespace {

using namespace lepton::rt;

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

/// One block's results, curves (the best validation epoch marked), model, settings and epoch table; headings at
/// level `h` (h2 on a page of its own).
std::string blockBody(const lepton_progress *p, const std::string &settings, const char *layers_text, int h) {
  std::string open = format("<h%d>", h), close = format("</h%d>\n", h);
  std::string out = open + "Results" + close + "<div class=\"box\"><table>\n";
  for (const ResultRecord &r : p->results)
    out += "<tr><th>" + xmlEscape(r.name + (p->evaluatedOn.empty() ? "" : " on " + p->evaluatedOn)) + "</th>" +
           cell(r.value, r.percent) + "</tr>\n";
  int64_t best = bestEpoch(p);
  std::string bestLabel = best ? format("best epoch %lld", static_cast<long long>(best)) : "";
  if (best)
    out += "<tr><th>best epoch</th>" + format("<td>%lld</td>", static_cast<long long>(best)) + "</tr>\n";
  out += "</table></div>\n" + open + "Curves" + close + "<div class=\"charts\">\n";
  ChartStyle loss{"Loss"}, accuracy{"Accuracy", "epoch", 100, "%"};
  loss.markX = accuracy.markX = static_cast<double>(best);
  loss.markLabel = accuracy.markLabel = bestLabel;
  out += chart(loss, {series(p, "train loss", "#1f77b4", &EpochRecord::loss),
                      series(p, "validation loss", "#ff7f0e", &EpochRecord::valLoss)});
  out += chart(accuracy, {series(p, "train accuracy", "#1f77b4", &EpochRecord::accuracy),
                          series(p, "validation accuracy", "#ff7f0e", &EpochRecord::valAccuracy)});
  out += "</div>\n" + open + "Model" + close + "<pre>" + xmlEscape(layers_text ? layers_text : "") + "</pre>\n";
  out += open + "Settings" + close + keyValueTable(jsonObjectRows(settings), "settings");
  out += open + "Epochs" + close + "<div class=\"box\"><table>\n<tr><th>epoch</th><th>loss</th><th>accuracy</th>"
         "<th>val loss</th><th>val accuracy</th><th>samples/s</th><th>seconds</th></tr>\n";
  for (const EpochRecord &r : p->history)
    out += format("<tr><td>%lld</td>", static_cast<long long>(r.epoch)) + cell(r.loss, false) +
           cell(r.accuracy, true) + cell(r.valLoss, false) + cell(r.valAccuracy, true) +
           format("<td>%.0f</td><td>%.2f</td></tr>\n", r.samplesPerSecond, r.seconds);
  return out + "</table></div>\n";
}

/// The run-information block: when, how and by what the run was made, its files and its time.
std::string runInfo(const lepton_progress *p) {
  return "<h2>Run</h2>\n" + keyValueTable(runInfoRows((lepton_clock_ns() - p->startNs) * 1e-9), "run");
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
  std::string out = pageStart(xmlEscape(title && *title ? title : "Lepton training report"));
  out += runInfo(p) + blockBody(p, settings, layers_text, 2) + "</body>\n</html>\n";
  return writeWholeFile(path, "HTML report", out, false);
}

int32_t lepton_progress_write_html_blocks(const lepton_progress *const *blocks, const char *const *titles,
                                          const char *const *settings_json, const char *const *layers_text,
                                          int64_t count, const char *path, const char *title) {
  using namespace lepton::rt;
  if (!blocks || !titles || !settings_json || !layers_text || count < 1 || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_progress_write_html_blocks: invalid arguments");
  std::string out = pageStart(xmlEscape(title && *title ? title : "Lepton training report")) + runInfo(blocks[0]);
  for (int64_t i = 0; i < count; ++i) {
    std::string settings;
    if (!blocks[i])
      return fail(LEPTON_ERR_INVALID, "lepton_progress_write_html_blocks: block %lld is NULL", static_cast<long long>(i));
    if (!settingsObject(settings_json[i], "lepton_progress_write_html_blocks", settings))
      return LEPTON_ERR_INVALID;
    out += "<h2>" + xmlEscape(titles[i] ? titles[i] : "") + "</h2>\n" + blockBody(blocks[i], settings, layers_text[i], 3);
  }
  out += "</body>\n</html>\n";
  return writeWholeFile(path, "HTML report", out, false);
}

} // extern "C"
