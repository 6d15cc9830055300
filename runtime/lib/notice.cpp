// notice.cpp — one-line notices of a compiled program, on the stream lepton_cli_parse chose.
#include "notice.h"

#include "internal.h"

#include <atomic>
#include <cstdarg>

namespace lepton::rt {

namespace {
std::atomic<FILE *> noticeStream{nullptr};
} // namespace

void setNoticeStream(FILE *out) { noticeStream.store(out); }

void notice(const char *fmt, ...) {
  FILE *out = noticeStream.load();
  if (!out)
    return;
  va_list args;
  va_start(args, fmt);
  std::vfprintf(out, fmt, args);
  va_end(args);
  std::fputc('\n', out);
  std::fflush(out);
}

std::string sizeText(int64_t bytes) {
  if (bytes < 1024)
    return format("%lld bytes", static_cast<long long>(bytes));
  if (bytes < 1024 * 1024)
    return format("%.0f KB", bytes / 1024.0);
  if (bytes < 1024LL * 1024 * 1024)
    return format("%.1f MB", bytes / (1024.0 * 1024));
  return format("%.1f GB", bytes / (1024.0 * 1024 * 1024));
}

} // namespace lepton::rt
