// interrupt.cpp — SIGINT in a compiled program: a clean line end, no half-written output file, exit 130.
//
// Only async-signal-safe calls run in the handler (write, unlink, _exit): the registered temporary paths are
// plain char arrays, marked used only after they are complete.
#include "interrupt.h"

#include "lepton/runtime.h"

#include <csignal>
#include <cstring>
#include <unistd.h>

namespace {

constexpr int kSlots = 8;
constexpr size_t kPathBytes = 4096;
char temporaries[kSlots][kPathBytes];
volatile sig_atomic_t used[kSlots];
bool stdoutIsTerminal = false, stderrIsTerminal = false;

void writeAll(int fd, const char *text) {
  size_t left = std::strlen(text);
  while (left > 0) {
    ssize_t n = ::write(fd, text, left);
    if (n <= 0)
      return;
    text += n;
    left -= static_cast<size_t>(n);
  }
}

void onInterrupt(int) {
  for (int i = 0; i < kSlots; ++i)
    if (used[i])
      unlink(temporaries[i]);
  // A progress bar redrawn in place (\r) on a terminal ends its line before the message.
  if (stdoutIsTerminal)
    writeAll(1, "\n");
  else if (stderrIsTerminal)
    writeAll(2, "\n");
  writeAll(2, "interrupted: stopped before finishing; files not yet written were not written\n");
  _exit(130);
}

} // namespace

namespace lepton::rt {

int rememberTemporary(const char *path) {
  if (!path || std::strlen(path) >= kPathBytes)
    return -1;
  for (int i = 0; i < kSlots; ++i)
    if (!used[i]) {
      std::memcpy(temporaries[i], path, std::strlen(path) + 1);
      used[i] = 1;
      return i;
    }
  return -1;
}

void forgetTemporary(int slot) {
  if (slot >= 0 && slot < kSlots)
    used[slot] = 0;
}

InterruptsHeld::InterruptsHeld() {
  static_assert(sizeof(sigset_t) <= sizeof(saved_), "sigset_t fits the saved mask");
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  held_ = sigprocmask(SIG_BLOCK, &block, reinterpret_cast<sigset_t *>(saved_)) == 0;
}

InterruptsHeld::~InterruptsHeld() {
  if (held_)
    sigprocmask(SIG_SETMASK, reinterpret_cast<sigset_t *>(saved_), nullptr);
}

} // namespace lepton::rt

extern "C" void lepton_handle_interrupts(void) {
  struct sigaction current {};
  if (sigaction(SIGINT, nullptr, &current) != 0 || current.sa_handler == SIG_IGN)
    return; // started with SIGINT ignored (nohup, a background job of a non-interactive shell): keep it so
  stdoutIsTerminal = isatty(1) != 0;
  stderrIsTerminal = isatty(2) != 0;
  struct sigaction action {};
  action.sa_handler = onInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
}
