// terminal_line.h — lines that fit the terminal: its width (followed on resize) and fields dropped to fit it.
#ifndef LEPTON_RUNTIME_TERMINAL_LINE_H
#define LEPTON_RUNTIME_TERMINAL_LINE_H

#include <cstdio>
#include <string>
#include <vector>

namespace lepton::rt {

/// The width of the terminal `out` writes to, asked anew at each call (so a resized window is followed): the
/// TIOCGWINSZ columns when `out` is a terminal, else $COLUMNS, else 80.
int terminalColumns(FILE *out);

/// One part of a line: its text, the separator written before it (none for the first part shown), and how long
/// it is kept when the line is too wide (higher: kept longer).
struct LineField {
  std::string text;
  int priority;
  const char *separator = "  ";
};

/// Columns `text` takes (UTF-8 code points; the lines hold no wide characters).
size_t displayWidth(const std::string &text);

/// The fields joined in order, the lowest-priority ones left out until the line is at most `width` columns
/// (0: no limit); a first field still too wide is cut. Lines stop one column short of the edge at the call site,
/// so a terminal never wraps them (a wrapped line is what \r redraws leave behind).
std::string fitFields(const std::vector<LineField> &fields, size_t width);

/// "7s", "1m05s", "2h03m": a duration short enough for a progress line.
std::string shortDuration(double seconds);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_TERMINAL_LINE_H
