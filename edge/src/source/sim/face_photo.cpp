#include "source/sim/face_photo.hpp"

#include "pg/errors.hpp"
#include "vision/mesh/face_landmarker.hpp"
#include "vision/mesh/head_pose_solver.hpp"
#include "vision/model_files.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace pg::sim {
namespace {

// Large photos are searched at a modest size (the cascade is slow on
// megapixels) and kept at one: the scene resamples the texture for its frame.
constexpr int kMaxSearchSide = 800;
constexpr float kMaxPhotoFaceWidth = 256.0f;
// The landmarks must read as a face, and one looking nearly at the camera: a
// turned photo would paint one cheek stretched over the whole canonical face.
constexpr float kMinPresence = 0.5f;
constexpr double kMaxPhotoTurnDeg = 25.0;

cv::Rect2f find_face(const cv::Mat& photo, const std::string& path) {
    double k = std::min(1.0, static_cast<double>(kMaxSearchSide) / std::max(photo.cols, photo.rows));
    cv::Mat small;
    if (k < 1.0) cv::resize(photo, small, cv::Size(), k, k, cv::INTER_AREA);
    else small = photo.clone();
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

// The landmarks from the cascade's box, then once more from their own region,
// which is level with the eyes and fits the face better.
std::vector<cv::Point2f> read_landmarks(const cv::Mat& photo, const cv::Rect2f& face, const CanonicalMesh& mesh,
                                        const std::string& path) {
    const auto model = find_model(kFaceLandmarkModelFile, "");
    if (!model)
        throw std::runtime_error(std::string("face landmark model ") + kFaceLandmarkModelFile +
                                 " not found (it ships in edge/models and the package)");
    FaceLandmarker landmarker(*model);
    Landmarks first = landmarker.run(photo, FaceLandmarker::region_from_box(face, 0.0f));
    Landmarks lm = landmarker.run(photo, FaceLandmarker::region_from_landmarks(first.points));
    char what[160];
    if (lm.presence < kMinPresence) {
        std::snprintf(what, sizeof what, ": the face's landmarks cannot be read (presence %.2f)", lm.presence);
        throw ConfigError("face=" + path + what);
    }
    HeadPoseSolver solver(mesh, 62.0);
    const auto pose = solver.solve(lm.points, photo.size());
    if (!pose) throw ConfigError("face=" + path + ": the face's landmarks give no head pose");
    if (std::abs(pose->yaw_deg) > kMaxPhotoTurnDeg || std::abs(pose->pitch_deg) > kMaxPhotoTurnDeg) {
        std::snprintf(what, sizeof what, ": the face is turned (yaw %.0f, pitch %.0f degrees); a frontal photo is needed",
                      pose->yaw_deg, pose->pitch_deg);
        throw ConfigError("face=" + path + what);
    }
    return lm.points;
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

FacePhoto load_face_photo(const std::string& path, const CanonicalMesh& mesh) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw ConfigError("face=" + path + ": no such file");
    cv::Mat photo = cv::imread(path, cv::IMREAD_GRAYSCALE);
    if (photo.empty()) throw ConfigError("face=" + path + ": not an image OpenCV can read");

    const cv::Rect2f face = find_face(photo, path);
    std::vector<cv::Point2f> landmarks = read_landmarks(photo, face, mesh, path);
    // Head and shoulders: generous above and to the sides, well below for the
    // body. A photo cut off at the chest (a webcam frame) is continued by its
    // edge pixels, so the shoulders never end in mid-air.
    const cv::Rect want(cv::Rect2f(face.x - 1.5f * face.width, face.y - 0.7f * face.height, 4.0f * face.width,
                                   3.8f * face.height));
    const cv::Rect inside = want & cv::Rect(0, 0, photo.cols, photo.rows);
    FacePhoto p;
    cv::copyMakeBorder(photo(inside), p.grey, inside.y - want.y, want.br().y - inside.br().y, inside.x - want.x,
                       want.br().x - inside.br().x, cv::BORDER_REPLICATE);
    const cv::Point2f origin(static_cast<float>(want.x), static_cast<float>(want.y));
    p.face = cv::Rect2f(face.tl() - origin, face.size());
    for (auto& q : landmarks) q -= origin;
    if (p.face.width > kMaxPhotoFaceWidth) {
        const float k = kMaxPhotoFaceWidth / p.face.width;
        cv::resize(p.grey, p.grey, cv::Size(), k, k, cv::INTER_AREA);
        p.face = cv::Rect2f(p.face.x * k, p.face.y * k, p.face.width * k, p.face.height * k);
        for (auto& q : landmarks) q = (q + cv::Point2f(0.5f, 0.5f)) * k - cv::Point2f(0.5f, 0.5f);
    }
    p.landmarks = std::move(landmarks);
    p.file_name = std::filesystem::path(path).filename().string();
    return p;
}

}  // namespace pg::sim
