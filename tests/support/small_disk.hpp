#pragma once

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace pg::test {

// A real, small file system (tmpfs) mounted on `dir`, so writes fail with
// ENOSPC exactly as on a full SD card. Needs root (CAP_SYS_ADMIN); check
// mounted() and skip without it. Unmounted (with everything on it) when dropped.
class SmallDisk {
public:
    SmallDisk(std::filesystem::path dir, std::size_t bytes) : dir_(std::move(dir)) {
        std::filesystem::create_directories(dir_);
        const std::string opts = "size=" + std::to_string(bytes) + ",mode=0777";
        if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, opts.c_str()) == 0)
            mounted_ = true;
        else
            error_ = std::strerror(errno);
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    const std::filesystem::path& dir() const { return dir_; }
    // Space returns (or goes): the same file system, another size.
    bool resize(std::size_t bytes) {
        const std::string opts = "size=" + std::to_string(bytes) + ",mode=0777";
        return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_NOSUID | MS_NODEV, opts.c_str()) == 0;
    }

private:
    std::filesystem::path dir_;
    bool mounted_ = false;
    std::string error_;
};

}  // namespace pg::test
