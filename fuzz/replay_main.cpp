// replay_main.cpp — runs a fuzz target over saved inputs without libFuzzer: the regression test in CI.
//
// Usage: fuzz-replay-TARGET FILE|DIR...   Each file (directories: each regular file in them, sorted) is passed to
// LLVMFuzzerTestOneInput once. Prints "replayed N inputs"; a crash or sanitizer report ends the process.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {
void collect(const std::string &path, std::vector<std::string> &files) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr, "fuzz replay: cannot read '%s'\n", path.c_str());
    std::exit(2);
  }
  if (!S_ISDIR(st.st_mode)) {
    files.push_back(path);
    return;
  }
  DIR *dir = opendir(path.c_str());
  std::vector<std::string> names;
  while (dirent *e = dir ? readdir(dir) : nullptr)
    if (e->d_name[0] != '.')
      names.push_back(path + "/" + e->d_name);
  if (dir)
    closedir(dir);
  std::sort(names.begin(), names.end());
  for (const std::string &name : names)
    collect(name, files);
}
} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i)
    collect(argv[i], files);
  for (const std::string &file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
  }
  std::printf("replayed %zu inputs\n", files.size());
  return 0;
}
