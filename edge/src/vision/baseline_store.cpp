#include "vision/baseline_store.hpp"

#include "pg/log.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace pg {
namespace {

constexpr int kFormatVersion = 1;

// Owns one file descriptor; closing is the only cleanup a descriptor needs.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    // Closing can report a deferred write error (NFS, quotas), so callers check it.
    int close() {
        int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

private:
    int fd_;
};

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void write_all(int fd, const std::string& data, const std::string& path) {
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno("cannot write " + path);
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace

cv::Rect2f Baseline::face_in(cv::Size frame) const {
    const double w = width * frame.width, h = height * frame.height;
    return cv::Rect2f(static_cast<float>(cx * frame.width - w / 2), static_cast<float>(cy * frame.height - h / 2),
                      static_cast<float>(w), static_cast<float>(h));
}

Baseline Baseline::from_face(const cv::Rect2f& face, cv::Size frame) {
    Baseline b;
    b.cx = (face.x + face.width / 2.0) / frame.width;
    b.cy = (face.y + face.height / 2.0) / frame.height;
    b.width = static_cast<double>(face.width) / frame.width;
    b.height = static_cast<double>(face.height) / frame.height;
    return b;
}

bool Baseline::plausible() const {
    auto in = [](double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; };
    return in(cx, 0.0, 1.0) && in(cy, 0.0, 1.0) && in(width, 0.005, 1.0) && in(height, 0.005, 1.0) && frames >= 0;
}

std::optional<Baseline> BaselineStore::load() const {
    std::error_code ec;
    if (!std::filesystem::exists(file_, ec)) return std::nullopt;
    try {
        std::ifstream in(file_);
        if (!in) throw std::runtime_error("cannot open it");
        nlohmann::json j = nlohmann::json::parse(in);
        if (j.at("version").get<int>() != kFormatVersion)
            throw std::runtime_error("format version " + j.at("version").dump() + " is not supported");
        Baseline b;
        b.cx = j.at("cx").get<double>();
        b.cy = j.at("cy").get<double>();
        b.width = j.at("width").get<double>();
        b.height = j.at("height").get<double>();
        b.t_ms = j.at("t_ms").get<std::int64_t>();
        b.frames = j.value("frames", 0);
        b.analyzer = j.value("analyzer", std::string());
        if (j.contains("head")) {
            const auto& h = j.at("head");
            Baseline::Head head;
            head.roll_deg = h.at("roll_deg").get<double>();
            head.aspect = h.at("aspect").get<double>();
            if (h.contains("pitch_deg")) head.pitch_deg = h.at("pitch_deg").get<double>();
            b.head = head;
        }
        if (!b.plausible()) throw std::runtime_error("values out of range");
        return b;
    } catch (const std::exception& e) {
        log::warn("calibration", "ignoring baseline ", file_.string(), ": ", e.what(),
                  "; running uncalibrated until the next calibration");
        return std::nullopt;
    }
}

void BaselineStore::save(const Baseline& b) const {
    nlohmann::json j{{"version", kFormatVersion}, {"cx", b.cx},         {"cy", b.cy},     {"width", b.width},
                     {"height", b.height},        {"t_ms", b.t_ms},     {"frames", b.frames}};
    if (!b.analyzer.empty()) j["analyzer"] = b.analyzer;
    if (b.head) {
        j["head"] = {{"roll_deg", b.head->roll_deg}, {"aspect", b.head->aspect}};
        if (b.head->pitch_deg) j["head"]["pitch_deg"] = *b.head->pitch_deg;
    }
    const std::string text = j.dump(2) + "\n";
    const auto dir = file_.has_parent_path() ? file_.parent_path() : std::filesystem::path(".");
    std::filesystem::create_directories(dir);

    // mkstemp gives a unique name in the same directory, so rename() is atomic
    // and two writers never share a temp file.
    std::string tmpl = (dir / (file_.filename().string() + ".XXXXXX")).string();
    Fd fd(::mkstemp(tmpl.data()));
    if (fd.get() < 0) throw_errno("cannot create a temporary file next to " + file_.string());
    try {
        write_all(fd.get(), text, tmpl);
        if (::fsync(fd.get()) != 0) throw_errno("cannot sync " + tmpl);
        if (fd.close() != 0) throw_errno("cannot close " + tmpl);
        if (::rename(tmpl.c_str(), file_.c_str()) != 0) throw_errno("cannot rename " + tmpl + " to " + file_.string());
    } catch (...) {
        ::unlink(tmpl.c_str());
        throw;
    }
    // The rename itself lives in the directory: sync it so it survives a power cut.
    Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dfd.get() >= 0) ::fsync(dfd.get());
}

}  // namespace pg
