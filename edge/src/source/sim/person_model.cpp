#include "source/sim/person_model.hpp"

#include "source/sim/head_shell.hpp"
#include "source/sim/photo_camera.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pg::sim {
namespace {

// The body's cut-out stands a little behind the head's origin, where neck and
// shoulders are; the head turns in front of it.
constexpr float kBodyPlaneZ = 3.0f;
// The texture keeps a margin of resolution over the neutral head, so leaning in
// (up to ~1.3 times closer) still draws it sharp.
constexpr double kTextureMargin = 1.3;
// The hair the shell shows: inside this share of the shell's outline in the
// photo (its rim may hold the room behind), outside the face's outline grown
// by the other.
constexpr float kHairInside = 0.92f;
constexpr float kFaceOutside = 1.08f;

// Neck and shoulders on the body's plane, head coordinates (cm): centre and half axes.
struct Ellipse {
    float x, y, half_width, half_height;
};
constexpr Ellipse kNeck{0.0f, 12.0f, 4.8f, 7.0f};
constexpr Ellipse kShoulders{0.0f, 33.0f, 20.0f, 16.5f};

std::vector<cv::Point> outline(const Ellipse& e, const PhotoCamera& cam) {
    std::vector<cv::Point> pts;
    for (int i = 0; i < 48; ++i) {
        const double a = 2.0 * CV_PI * i / 48;
        const cv::Point3f p(e.x + e.half_width * static_cast<float>(std::cos(a)),
                            e.y + e.half_height * static_cast<float>(std::sin(a)), kBodyPlaneZ);
        pts.emplace_back(cam.project(p));
    }
    return pts;
}

cv::Mat feathered(const cv::Mat& mask8, double sigma) {
    cv::Mat a;
    mask8.convertTo(a, CV_32F, 1.0 / 255.0);
    cv::GaussianBlur(a, a, cv::Size(), sigma, sigma, cv::BORDER_CONSTANT);
    return a;
}

// The photo where `keep` is 1, elsewhere painted over with what is kept
// nearest (push-pull: weighted averages up an image pyramid whose weights
// saturate, then each level filled from the coarser one where it has no
// weight of its own), so the body's cut-out and the head's shell hold no
// second face.
cv::Mat painted_over(const cv::Mat& grey, const cv::Mat& keep) {
    cv::Mat g;
    grey.convertTo(g, CV_32F);
    std::vector<cv::Mat> num{g.mul(keep)}, den{keep.clone()};
    while (num.back().cols > 4 && num.back().rows > 4) {
        cv::Mat n, d;
        cv::pyrDown(num.back(), n);
        cv::pyrDown(den.back(), d);
        const cv::Mat average = n / cv::max(d, 1e-6);
        d = cv::min(d * 4.0, 1.0);  // pyrDown averages; a few kept pixels below are enough
        num.push_back(average.mul(d));
        den.push_back(d);
    }
    const double mean = cv::mean(g)[0];  // nothing kept at all: the photo's mean grey
    cv::Mat value(num.back().size(), CV_32F, cv::Scalar(mean));
    for (std::size_t l = num.size(); l-- > 0;) {
        cv::Mat up;
        if (value.size() != num[l].size()) cv::pyrUp(value, up, num[l].size());
        else up = value;
        const cv::Mat own = num[l] / cv::max(den[l], 1e-6);
        value = own.mul(den[l]) + up.mul(1.0 - den[l]);
    }
    return value;
}

// The convex outline of `points` scaled by `k` about its centre, filled.
cv::Mat outline_mask(const std::vector<cv::Point2f>& points, float k, cv::Size size) {
    std::vector<cv::Point2f> hull;
    cv::convexHull(points, hull);
    const cv::Moments mo = cv::moments(hull);
    const cv::Point2f c(static_cast<float>(mo.m10 / mo.m00), static_cast<float>(mo.m01 / mo.m00));
    std::vector<cv::Point> px;
    for (const auto& q : hull) px.emplace_back(c + (q - c) * k);
    cv::Mat mask(size, CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(mask, px, cv::Scalar(255), cv::LINE_AA);
    return mask;
}

cv::Mat two_channels(const cv::Mat& grey32, const cv::Mat& alpha) {
    cv::Mat out;
    cv::merge(std::vector<cv::Mat>{grey32, alpha}, out);
    return out;
}

// A fronto-parallel card on the body's plane covering `box` (photo pixels).
TexturedMesh card(const cv::Rect& box, const PhotoCamera& cam) {
    TexturedMesh m;
    const cv::Point2f corners[4] = {cv::Point2f(box.tl()), cv::Point2f(static_cast<float>(box.br().x), static_cast<float>(box.y)),
                                    cv::Point2f(box.br()), cv::Point2f(static_cast<float>(box.x), static_cast<float>(box.br().y))};
    for (const auto& c : corners) {
        m.vertices.push_back(cam.on_plane(c, kBodyPlaneZ));
        m.texture.push_back(c);
    }
    // Top-left, top-right, bottom-right, bottom-left: counter-clockwise on screen
    // is 0, 3, 2 and 0, 2, 1.
    m.triangles = {{0, 3, 2}, {0, 2, 1}};
    return m;
}

}  // namespace

double frontal_face_width_cm(const CanonicalMesh& mesh) {
    return cv::norm(mesh.vertices.at(landmark::left_cheek) - mesh.vertices.at(landmark::right_cheek));
}

PersonModel build_person(const FacePhoto& photo, const CanonicalMesh& mesh, double pixels_per_cm) {
    PersonModel p;
    p.jaw = Jaw(mesh.vertices);
    PhotoCamera cam = PhotoCamera::fit(mesh.vertices, photo.landmarks);
    // Resample the photo to the resolution the scene draws it at.
    const double k = std::min(1.0, kTextureMargin * pixels_per_cm / cam.pixels_per_cm());
    cv::Mat grey = photo.grey;
    std::vector<cv::Point2f> landmarks = photo.landmarks;
    cv::Rect2f face = photo.face;
    if (k < 1.0) {
        cv::resize(photo.grey, grey, cv::Size(), k, k, cv::INTER_AREA);
        const cv::Point2f half(0.5f, 0.5f);
        const auto kf = static_cast<float>(k);
        for (auto& q : landmarks) q = (q + half) * kf - half;
        face = cv::Rect2f((face.tl() + half) * kf - half, face.size() * kf);
        cam = cam.scaled(k);
    }
    const double px = cam.pixels_per_cm();
    const double sigma = std::max(1.0, 0.9 * px);  // a ~1 cm soft edge

    // The head: what the shell covers of the photo. Its hair is what lies well
    // inside that outline but outside the face.
    p.shell = head_shell(cam);
    const cv::Mat head_alpha = feathered(outline_mask(p.shell.texture, 1.0f, grey.size()), sigma);
    const cv::Mat inner = feathered(outline_mask(p.shell.texture, kHairInside, grey.size()), sigma);
    const cv::Mat face_alpha = feathered(outline_mask(landmarks, kFaceOutside, grey.size()), sigma);
    cv::Mat body8(grey.size(), CV_8UC1, cv::Scalar(0));
    cv::fillConvexPoly(body8, outline(kNeck, cam), cv::Scalar(255), cv::LINE_AA);
    cv::fillConvexPoly(body8, outline(kShoulders, cam), cv::Scalar(255), cv::LINE_AA);
    const cv::Mat body_alpha = feathered(body8, sigma);

    cv::Mat grey32;
    grey.convertTo(grey32, CV_32F);
    p.head_texture = two_channels(grey32, head_alpha);
    p.body_texture = two_channels(painted_over(grey, 1.0 - cv::min(head_alpha * 1.5, 1.0)), body_alpha);
    const cv::Mat hair = inner.mul(1.0 - cv::min(face_alpha * 1.5, 1.0));
    p.shell_texture = two_channels(painted_over(grey, hair), head_alpha);

    p.face.vertices = mesh.vertices;
    p.face.texture = landmarks;
    p.face.triangles = mesh.triangles;
    cv::Rect body_box = cv::boundingRect(body8) & cv::Rect(0, 0, grey.cols - 1, grey.rows - 1);
    p.body = card(body_box, cam);

    const cv::Point3f& forehead = mesh.vertices[landmark::forehead];
    const cv::Point3f& chin = mesh.vertices[landmark::chin];
    p.face_middle = (forehead + chin) * 0.5f;
    p.face_width_cm = frontal_face_width_cm(mesh);
    p.face_height_cm = cv::norm(chin - forehead);
    const cv::Point2f box[4] = {face.tl(), {face.x + face.width, face.y}, face.br(), {face.x, face.y + face.height}};
    for (int i = 0; i < 4; ++i) p.face_box[static_cast<std::size_t>(i)] = cam.on_plane(box[i], p.face_middle.z);

    const cv::Rect inside = cv::Rect(face) & cv::Rect(0, 0, grey.cols, grey.rows);
    p.skin = inside.empty() ? 128.0 : cv::mean(grey(inside))[0];
    cv::Mat whole;
    cv::max(head_alpha, body_alpha, whole);
    cv::flip(two_channels(grey32, whole), p.passer.picture, 1);
    p.passer.face = cv::Rect2f(static_cast<float>(grey.cols) - face.x - face.width, face.y, face.width, face.height);
    return p;
}

}  // namespace pg::sim
