// error.cpp — the replaceable error handler, per-thread last error, and message formatting helpers.
#include "internal.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace {

std::mutex handlerMutex;
lepton_error_handler handler = lepton_default_error_handler;
void *handlerData = nullptr;
std::atomic<bool> terminalLineOpen{false};

thread_local int32_t lastCode = LEPTON_OK;
thread_local std::string lastMessage;

std::string vformat(const char *fmt, va_list args) {
  va_list copy;
  va_copy(copy, args);
  int size = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  if (size <= 0)
    return std::string();
  std::string text(static_cast<size_t>(size), '\0');
  std::vsnprintf(&text[0], text.size() + 1, fmt, args);
  return text;
}

} // namespace

namespace lepton::rt {

std::string format(const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::string text = vformat(fmt, args);
  va_end(args);
  return text;
}

int32_t fail(int32_t code, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::string text = vformat(fmt, args);
  va_end(args);
  return lepton_error(code, text.c_str());
}

std::string quoted(const char *text, size_t size, size_t max) {
  std::string out = "'";
  for (size_t i = 0; i < size && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\')
      out += static_cast<char>(c);
    else
      out += format("\\x%02x", c);
  }
  if (size > max)
    out += "...";
  return out + "'";
}

std::string shapeText(const int64_t *dims, int32_t rank, bool brackets) {
  std::string out = brackets ? "[" : "";
  for (int32_t i = 0; i < rank; ++i)
    out += format(i == 0 ? "%lld" : (brackets ? ", %lld" : "x%lld"), static_cast<long long>(dims[i]));
  return brackets ? out + "]" : out;
}

void setTerminalLineOpen(bool open) { terminalLineOpen.store(open); }

} // namespace lepton::rt

extern "C" {

int32_t lepton_runtime_abi_version(void) { return LEPTON_RUNTIME_ABI_VERSION; }

void lepton_set_error_handler(lepton_error_handler newHandler, void *userData) {
  std::lock_guard<std::mutex> lock(handlerMutex);
  handler = newHandler ? newHandler : lepton_default_error_handler;
  handlerData = newHandler ? userData : nullptr;
}

void lepton_default_error_handler(int32_t code, const char *message, void *) {
  if (terminalLineOpen.exchange(false))
    std::fputc('\n', stdout);
  std::fflush(stdout);
  std::fprintf(stderr, "error: %s\n", message);
  std::fflush(stderr);
  std::exit(code);
}

int32_t lepton_error(int32_t code, const char *message) {
  if (code == LEPTON_OK)
    code = LEPTON_ERR_INVALID; // reporting "success" as an error is itself a caller bug
  lastCode = code;
  lastMessage = message ? message : "";
  lepton_error_handler current;
  void *data;
  {
    std::lock_guard<std::mutex> lock(handlerMutex);
    current = handler;
    data = handlerData;
  }
  current(code, lastMessage.c_str(), data);
  return code;
}

int32_t lepton_last_error_code(void) { return lastCode; }

const char *lepton_last_error_message(void) { return lastMessage.c_str(); }

void lepton_clear_error(void) {
  lastCode = LEPTON_OK;
  lastMessage.clear();
}

} // extern "C"
