#include "source/camera/mapped_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace pg {

MappedBuffer::MappedBuffer(int fd, std::size_t offset, std::size_t length) {
    // mmap wants a page-aligned offset; planes after the first rarely are.
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t aligned = offset - offset % page;
    skew_ = offset - aligned;
    map_length_ = length + skew_;
    void* p = ::mmap(nullptr, map_length_, PROT_READ, MAP_SHARED, fd, static_cast<off_t>(aligned));
    if (p == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "cannot map camera buffer");
    base_ = static_cast<std::uint8_t*>(p);
    length_ = length;
}

MappedBuffer::~MappedBuffer() { reset(); }

MappedBuffer::MappedBuffer(MappedBuffer&& o) noexcept
    : base_(std::exchange(o.base_, nullptr)), map_length_(std::exchange(o.map_length_, 0)),
      skew_(std::exchange(o.skew_, 0)), length_(std::exchange(o.length_, 0)) {}

MappedBuffer& MappedBuffer::operator=(MappedBuffer&& o) noexcept {
    if (this != &o) {
        reset();
        base_ = std::exchange(o.base_, nullptr);
        map_length_ = std::exchange(o.map_length_, 0);
        skew_ = std::exchange(o.skew_, 0);
        length_ = std::exchange(o.length_, 0);
    }
    return *this;
}

void MappedBuffer::reset() {
    if (base_) ::munmap(base_, map_length_);
    base_ = nullptr;
}

}  // namespace pg
