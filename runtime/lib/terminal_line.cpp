// terminal_line.cpp — the terminal's width, and lines whose fields are dropped until they fit it.
#include "terminal_line.h"

#include "internal.h"

#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace lepton::rt {

int terminalColumns(FILE *out) {
  int fd = fileno(out);
  struct winsize size {};
  if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  if (const char *columns = std::getenv("COLUMNS")) {
    int n = std::atoi(columns);
    if (n > 0)
      return n;
  }
  return 80; // nothing says: the traditional width
}

size_t displayWidth(const std::string &text) {
  size_t n = 0;
  for (unsigned char c : text)
    n += (c & 0xC0) != 0x80; // count lead bytes, not continuation bytes
  return n;
}

std::string fitFields(const std::vector<LineField> &fields, size_t width) {
  std::vector<bool> shown(fields.size(), true);
  auto join = [&] {
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i)
      if (shown[i])
        line += (line.empty() ? "" : fields[i].separator) + fields[i].text;
    return line;
  };
  std::string line = join();
  while (width > 0 && displayWidth(line) > width) {
    // Leave out the lowest-priority field still shown (the last of equals); stop at the last one.
    size_t drop = fields.size(), left = 0;
    for (size_t i = 0; i < fields.size(); ++i)
      if (shown[i]) {
        ++left;
        if (drop == fields.size() || fields[i].priority <= fields[drop].priority)
          drop = i;
      }
    if (left <= 1)
      break;
    shown[drop] = false;
    line = join();
  }
  if (width > 0 && displayWidth(line) > width) { // one field wider than the terminal: cut it (ASCII here)
    line.resize(width);
  }
  return line;
}

std::string shortDuration(double seconds) {
  if (!(seconds >= 0))
    seconds = 0;
  long long s = static_cast<long long>(seconds + 0.5);
  if (s < 60)
    return format("%llds", s);
  if (s < 3600)
    return format("%lldm%02llds", s / 60, s % 60);
  return format("%lldh%02lldm", s / 3600, (s % 3600) / 60);
}

} // namespace lepton::rt
