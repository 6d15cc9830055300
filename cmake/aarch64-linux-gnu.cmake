# aarch64-linux-gnu.cmake — CMake toolchain for Debian's AArch64 cross compilers (g++-aarch64-linux-gnu); libraries of
# that architecture (zlib1g-dev:arm64) are found in /usr/lib/aarch64-linux-gnu (scripts/bootstrap.sh --aarch64).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
