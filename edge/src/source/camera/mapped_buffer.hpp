#pragma once

#include <cstddef>
#include <cstdint>

namespace pg {

// One owner of one read-only mmap of a dmabuf plane; unmapped on destruction.
class MappedBuffer {
public:
    MappedBuffer() = default;
    // Throws std::system_error when the mapping fails.
    MappedBuffer(int fd, std::size_t offset, std::size_t length);
    ~MappedBuffer();
    MappedBuffer(MappedBuffer&& other) noexcept;
    MappedBuffer& operator=(MappedBuffer&& other) noexcept;
    MappedBuffer(const MappedBuffer&) = delete;
    MappedBuffer& operator=(const MappedBuffer&) = delete;

    // The plane's first byte (the mapping starts at the page holding `offset`).
    const std::uint8_t* data() const { return base_ ? base_ + skew_ : nullptr; }
    std::size_t size() const { return length_; }

private:
    void reset();
    std::uint8_t* base_ = nullptr;
    std::size_t map_length_ = 0;
    std::size_t skew_ = 0;
    std::size_t length_ = 0;
};

}  // namespace pg
