#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

// The socket protocol between the edge and its camera process, both of this
// build, so integers go in the machine's own byte order.
//   child -> parent, once:   hello  {u32 magic, u8 ok, u32 len, len bytes: describe() or the error}
//   parent -> child:         grab   {u8 op = 1, i64 t_ms}
//   child -> parent, each:   frame  {u8 kind, u32 rows, u32 cols, rows*cols grey bytes}
namespace pg::worker {

inline constexpr std::uint32_t kMagic = 0x31574750;  // "PGW1"
inline constexpr std::uint8_t kOpGrab = 1;
enum class FrameKind : std::uint8_t { no_pixels = 0, pixels = 1, ended = 2 };
// Sanity bounds a reply must keep: a broken child cannot make the edge allocate gigabytes.
inline constexpr std::uint32_t kMaxSide = 8192;
inline constexpr std::uint32_t kMaxText = 4096;

enum class Io { ok, eof, timeout, error };
const char* to_string(Io io);

using Deadline = std::chrono::steady_clock::time_point;
// Reads exactly n bytes, waiting at most until `deadline`.
Io read_exact(int fd, void* buf, std::size_t n, Deadline deadline);
// Writes all n bytes to a socket (blocking); false when the other end is gone.
bool write_all(int fd, const void* buf, std::size_t n);

}  // namespace pg::worker
