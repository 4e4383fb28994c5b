// pgvm-frames: cuts a scene out of a real clip for the VM test's loopback camera.
//
//   pgvm-frames CLIP OUT FIRST LAST [STEP]
//
// Decodes frames FIRST..LAST of CLIP (every STEP-th, default 1), keeps their grey
// level and writes them, then the same frames backwards, as one loop to OUT in the
// format pgvm-tool feed plays: "PGF1 W H N\n" and N frames of W*H bytes. Playing
// forwards and back keeps the loop free of jumps a tracker would see as motion.
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 5 && argc != 6) {
        std::fprintf(stderr, "usage: pgvm-frames CLIP OUT FIRST LAST [STEP]\n");
        return 2;
    }
    const int first = std::atoi(argv[3]), last = std::atoi(argv[4]);
    const int step = argc == 6 ? std::atoi(argv[5]) : 1;
    if (first < 0 || last < first || step < 1) {
        std::fprintf(stderr, "pgvm-frames: bad frame range %s..%s\n", argv[3], argv[4]);
        return 2;
    }
    cv::VideoCapture cap(argv[1]);
    if (!cap.isOpened()) {
        std::fprintf(stderr, "pgvm-frames: cannot open %s\n", argv[1]);
        return 1;
    }
    std::vector<cv::Mat> frames;
    cv::Mat bgr;
    for (int i = 0; i <= last && cap.read(bgr); ++i) {
        if (i < first || (i - first) % step != 0) continue;
        cv::Mat grey;
        cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
        frames.push_back(grey);
    }
    if (frames.empty() || static_cast<int>(frames.size()) < (last - first) / step + 1) {
        std::fprintf(stderr, "pgvm-frames: %s has no frames %d..%d\n", argv[1], first, last);
        return 1;
    }
    for (int i = static_cast<int>(frames.size()) - 2; i > 0; --i) frames.push_back(frames[static_cast<std::size_t>(i)]);
    std::ofstream out(argv[2], std::ios::binary);
    out << "PGF1 " << frames[0].cols << " " << frames[0].rows << " " << frames.size() << "\n";
    for (const auto& f : frames) {
        cv::Mat c = f.isContinuous() ? f : f.clone();
        out.write(reinterpret_cast<const char*>(c.data), static_cast<std::streamsize>(c.total()));
    }
    if (!out) {
        std::fprintf(stderr, "pgvm-frames: cannot write %s\n", argv[2]);
        return 1;
    }
    std::printf("pgvm-frames: %s: %zu frames %dx%d (frames %d..%d of %s, there and back)\n", argv[2], frames.size(),
                frames[0].cols, frames[0].rows, first, last, argv[1]);
    return 0;
}
