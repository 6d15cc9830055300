// notice.h — one-line notices of a compiled program ("saved checkpoint w.ckpt (437 KB)"), and file sizes in words.
#ifndef LEPTON_RUNTIME_NOTICE_H
#define LEPTON_RUNTIME_NOTICE_H

#include <cstdint>
#include <cstdio>
#include <string>

namespace lepton::rt {

/// Where notices go: stdout, stderr (stdout carries data), or nowhere (NULL: --quiet, and every host that never
/// called lepton_cli_parse — a library must not print).
void setNoticeStream(FILE *out);

/// Prints one notice line (no trailing newline in `fmt`), when notices are on.
void notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/// "812 bytes", "437 KB", "12.4 MB", "1.2 GB" (binary units, as ls -h).
std::string sizeText(int64_t bytes);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_NOTICE_H
