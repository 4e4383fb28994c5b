#include "app/sim_progress.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace pg;

namespace {

struct Dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("pg-progress-" + std::to_string(::getpid()));
    Dir() {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~Dir() { std::filesystem::remove_all(path); }
    std::filesystem::path file() const { return path / "sim-progress"; }
};

std::string read(const std::filesystem::path& f) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const std::filesystem::path& f, const std::string& text) { std::ofstream(f, std::ios::binary) << text; }

}  // namespace

TEST(SimProgress, ResumesTheSameSourceOnly) {
    Dir d;
    SimProgress p(d.file(), "sim:quick");
    EXPECT_EQ(p.load(), std::nullopt);
    p.save(1773144000600);
    EXPECT_EQ(SimProgress(d.file(), "sim:quick").load(), 1773144000600);
    EXPECT_EQ(SimProgress(d.file(), "sim:workday,days=2").load(), std::nullopt);  // another simulation
}

TEST(SimProgress, ReadsTheFormerFormatWithoutAChecksum) {
    Dir d;
    write(d.file(), "sim:quick\n1773144000600\n");
    EXPECT_EQ(SimProgress(d.file(), "sim:quick").load(), 1773144000600);
}

TEST(SimProgress, ADamagedFileIsRefusedRatherThanGuessed) {
    Dir d;
    SimProgress(d.file(), "sim:quick").save(1773144000600);
    const std::string good = read(d.file());
    std::string flipped = good;
    flipped[12] = static_cast<char>(flipped[12] ^ 0x01);  // a digit of the tick
    const std::vector<std::string> damaged{
        flipped,
        good.substr(0, good.size() - 3),           // cut short
        std::string(good.size(), '\0'),            // zero-filled
        "sim:quick\n17731440",                     // a torn former-format file
        "",
    };
    for (const auto& text : damaged) {
        write(d.file(), text);
        try {
            SimProgress(d.file(), "sim:quick").load();
            ADD_FAILURE() << "accepted a damaged file: " << testing::PrintToString(text);
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("delete it"), std::string::npos) << e.what();
        }
    }
}

TEST(SimProgress, AFailedSaveIsNotFatal) {
    Dir d;
    SimProgress p(d.path / "missing-dir" / "sim-progress", "sim:quick");
    EXPECT_NO_THROW(p.save(1));
}
