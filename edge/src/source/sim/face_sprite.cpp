#include "source/sim/face_sprite.hpp"

#include "pg/errors.hpp"
#include "vision/model_files.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <array>
#include <filesystem>

namespace pg::sim {
namespace {

// Large photos are searched and stored at a modest size: the cascade is slow on
// megapixels, and the scene warps the sprite bilinearly, which only looks right
// when it is not shrunk much (a 320x240 frame draws the face ~65 px wide).
constexpr int kMaxSearchSide = 800;
constexpr float kMaxSpriteFaceWidth = 120.0f;

cv::Rect2f find_face(const cv::Mat& photo, const std::string& path) {
    double k = std::min(1.0, static_cast<double>(kMaxSearchSide) / std::max(photo.cols, photo.rows));
    cv::Mat small;
    if (k < 1.0) cv::resize(photo, small, cv::Size(), k, k, cv::INTER_AREA);
    else small = photo;
    cv::equalizeHist(small, small);

    std::string cascade_file = cascade_path("haarcascade_frontalface_default.xml");
    cv::CascadeClassifier cascade;
    if (!cascade.load(cascade_file))
        throw std::runtime_error("cannot load face cascade " + cascade_file + " (Debian package opencv-data)");
    std::vector<cv::Rect> faces;
    std::vector<int> votes;
    int min_side = std::max(24, std::min(small.cols, small.rows) / 10);
    cascade.detectMultiScale(small, faces, votes, 1.05, 5, 0, cv::Size(min_side, min_side));
    if (faces.empty()) throw ConfigError("face=" + path + ": no face found");
    // The most-voted detection, not the largest: a portrait's background (a
    // flag, a badge) can fool a few windows at a bigger scale, never dozens.
    std::size_t best = 0;
    for (std::size_t i = 1; i < faces.size(); ++i)
        if (i < votes.size() && votes[i] > votes[best]) best = i;
    cv::Rect2f f(faces[best]);
    return {f.x / static_cast<float>(k), f.y / static_cast<float>(k), f.width / static_cast<float>(k),
            f.height / static_cast<float>(k)};
}

// Head and shoulders, feathered: the blur width follows the face size so the
// edge looks the same at any photo resolution.
cv::Mat make_alpha(cv::Size size, const cv::Rect2f& face) {
    cv::Mat mask(size, CV_8UC1, cv::Scalar(0));
    const cv::Point2f c(face.x + face.width / 2, face.y + face.height / 2);
    const float w = face.width, h = face.height;
    cv::ellipse(mask, cv::Point(cvRound(c.x), cvRound(c.y - 0.08f * h)),
                cv::Size(cvRound(0.60f * w), cvRound(0.80f * h)), 0, 0, 360, cv::Scalar(255), cv::FILLED);
    cv::ellipse(mask, cv::Point(cvRound(c.x), cvRound(c.y + 0.75f * h)),
                cv::Size(cvRound(0.32f * w), cvRound(0.5f * h)), 0, 0, 360, cv::Scalar(255), cv::FILLED);  // neck
    cv::ellipse(mask, cv::Point(cvRound(c.x), cvRound(c.y + 2.3f * h)),
                cv::Size(cvRound(1.35f * w), cvRound(1.15f * h)), 0, 0, 360, cv::Scalar(255), cv::FILLED);
    cv::Mat alpha;
    mask.convertTo(alpha, CV_32F, 1.0 / 255.0);
    double sigma = std::max(1.0, 0.06 * w);
    cv::GaussianBlur(alpha, alpha, cv::Size(), sigma, sigma, cv::BORDER_CONSTANT);
    return alpha;
}

}  // namespace

std::string default_face_path() {
    namespace fs = std::filesystem;
    const std::array<fs::path, 2> candidates{
        fs::path(PG_SOURCE_DATA_DIR) / "tests/data/faces/astronaut.png",
        fs::path(PG_INSTALL_DATA_DIR) / "faces/astronaut.png",
    };
    std::error_code ec;
    for (const auto& p : candidates)
        if (fs::is_regular_file(p, ec)) return p.string();
    return candidates[1].string();
}

FaceSprite load_face_sprite(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw ConfigError("face=" + path + ": no such file");
    cv::Mat photo = cv::imread(path, cv::IMREAD_GRAYSCALE);
    if (photo.empty()) throw ConfigError("face=" + path + ": not an image OpenCV can read");

    cv::Rect2f face = find_face(photo, path);
    // Head and shoulders: generous above and to the sides, well below for the body.
    cv::Rect2f want(face.x - 1.5f * face.width, face.y - 0.7f * face.height, 4.0f * face.width,
                    3.8f * face.height);
    cv::Rect crop = cv::Rect(want) & cv::Rect(0, 0, photo.cols, photo.rows);

    FaceSprite s;
    s.grey = photo(crop).clone();
    s.face = cv::Rect2f(face.x - static_cast<float>(crop.x), face.y - static_cast<float>(crop.y), face.width,
                        face.height);
    if (s.face.width > kMaxSpriteFaceWidth) {
        double k = kMaxSpriteFaceWidth / s.face.width;
        cv::resize(s.grey, s.grey, cv::Size(), k, k, cv::INTER_AREA);
        const float kf = static_cast<float>(k);
        s.face = cv::Rect2f(s.face.x * kf, s.face.y * kf, s.face.width * kf, s.face.height * kf);
    }
    s.alpha = make_alpha(s.grey.size(), s.face);
    s.file_name = std::filesystem::path(path).filename().string();
    return s;
}

}  // namespace pg::sim
