# Cross-compiles for 64-bit Raspberry Pi OS / Debian arm64 (Pi 3, 4, 5, Zero 2 W)
# with Debian's g++-aarch64-linux-gnu against a separate arm64 sysroot of Debian
# packages (scripts/cross-build.sh makes one; see toolchain/README.md).
#
#   cmake -S . -B build-arm64 -G Ninja \
#     -DCMAKE_TOOLCHAIN_FILE=toolchain/aarch64-linux-gnu.cmake -DPG_SYSROOT=/path/to/sysroot
#
# PG_SYSROOT may also come from the environment. With qemu-user-static installed,
# ctest runs the arm64 test binaries through qemu (CMAKE_CROSSCOMPILING_EMULATOR).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

if(NOT PG_SYSROOT AND DEFINED ENV{PG_SYSROOT})
  set(PG_SYSROOT "$ENV{PG_SYSROOT}")
endif()
if(NOT PG_SYSROOT OR NOT EXISTS "${PG_SYSROOT}/usr/include")
  message(FATAL_ERROR "PG_SYSROOT must name an arm64 Debian root with the -dev packages "
                      "(scripts/cross-build.sh builds one); got '${PG_SYSROOT}'")
endif()
# try_compile projects re-read this file without the cache: hand the path on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES PG_SYSROOT)
set(ENV{PG_SYSROOT} "${PG_SYSROOT}")

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_SYSROOT "${PG_SYSROOT}")

# Debian's cross g++ searches its own /usr/aarch64-linux-gnu/lib (bookworm's libc
# and GCC 12's libstdc++) before the sysroot. Against a newer release that links
# too-old copies, and OpenCV 4.10 from trixie fails with undefined
# __isoc23_strtol@GLIBC_2.38 and __cxa_call_terminate@CXXABI_1.3.15. The
# sysroot's libc and libstdc++ (newer ones serve older headers) go first.
file(GLOB _pg_sysroot_gcc_dirs LIST_DIRECTORIES true "${PG_SYSROOT}/usr/lib/gcc/aarch64-linux-gnu/*")
set(_pg_link_dirs "-L${PG_SYSROOT}/usr/lib/aarch64-linux-gnu")
foreach(_dir IN LISTS _pg_sysroot_gcc_dirs)
  string(APPEND _pg_link_dirs " -L${_dir}")
endforeach()
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_pg_link_dirs}")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "${_pg_link_dirs}")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "${_pg_link_dirs}")

# Headers, libraries and CMake packages only from the sysroot; programs (cmake
# helpers, pkg-config) from the build machine.
set(CMAKE_FIND_ROOT_PATH "${PG_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must never see the build machine's amd64 .pc files: LIBDIR replaces
# the default search path, SYSROOT_DIR prefixes the -I/-L paths it prints.
set(ENV{PKG_CONFIG_DIR} "")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_LIBDIR}
  "${PG_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${PG_SYSROOT}/usr/lib/pkgconfig:${PG_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${PG_SYSROOT}")

# -L at the full sysroot: the arm64 loader and every library come from there
# (qemu's -L /usr/aarch64-linux-gnu lacks OpenCV/libcamera's dependencies and hangs).
find_program(PG_QEMU_AARCH64 qemu-aarch64-static)
if(PG_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${PG_QEMU_AARCH64};-L;${PG_SYSROOT}")
endif()
