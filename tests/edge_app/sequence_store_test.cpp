#include "app/sequence_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace pg;

namespace {
std::filesystem::path fresh_dir(const char* name) {
    auto p = std::filesystem::temp_directory_path() / (std::string("pg-seq-") + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}
}  // namespace

TEST(SequenceStore, KeepsItsStreamAndContinuesFromTheGivenNumber) {
    auto dir = fresh_dir("restart");
    std::uint32_t stream;
    {
        SequenceStore s(dir, 1);
        stream = s.stream();
        EXPECT_NE(stream, 0u);
        EXPECT_EQ(s.take(), 1u);
        EXPECT_EQ(s.take(), 2u);
    }
    SequenceStore again(dir, 3);  // the outbox knows 1 and 2 were used
    EXPECT_EQ(again.stream(), stream);
    EXPECT_EQ(again.take(), 3u);
    std::filesystem::remove_all(dir);
}

TEST(SequenceStore, ACorruptStreamFileStartsANewStreamWithoutReusingNumbers) {
    auto dir = fresh_dir("corrupt");
    std::uint32_t old_stream = SequenceStore(dir, 1).stream();
    std::ofstream(dir / "stream") << "garbage";
    SequenceStore s(dir, 40);
    EXPECT_NE(s.stream(), old_stream);
    EXPECT_EQ(s.take(), 40u);
    std::filesystem::remove_all(dir);
}

TEST(SequenceStore, AStreamFileTornZeroFilledOrWithGarbageIsNotTrusted) {
    auto dir = fresh_dir("damaged");
    const std::uint32_t old_stream = SequenceStore(dir, 1).stream();
    const std::string id = std::to_string(old_stream);
    for (const std::string& text : std::vector<std::string>{std::string(id.size() + 1, '\0'), id.substr(0, id.size() - 1),
                                    id + "x\n", "\n", std::string()}) {
        std::ofstream(dir / "stream", std::ios::binary) << text;
        SequenceStore s(dir, 5);
        EXPECT_NE(s.stream(), old_stream) << testing::PrintToString(text);
        EXPECT_EQ(s.take(), 5u);
    }
    std::filesystem::remove_all(dir);
}

TEST(SequenceStore, NumberingTheOutboxCannotVouchForGetsANewStream) {
    auto dir = fresh_dir("unknown");
    const std::uint32_t old_stream = SequenceStore(dir, 1).stream();
    // The outbox lost its records (or was deleted): seq 1.. may be at the hub
    // already under the old stream, so they must not be used under it again.
    SequenceStore s(dir, 1, false);
    EXPECT_NE(s.stream(), old_stream);
    EXPECT_EQ(SequenceStore(dir, 1).stream(), s.stream());  // and the new one is kept
    std::filesystem::remove_all(dir);
}

TEST(SequenceStore, AtomicWriteLeavesNoTemporaryBehind) {
    auto dir = fresh_dir("atomic");
    write_file_atomically(dir / "f", "one");
    write_file_atomically(dir / "f", "two");
    std::ifstream in(dir / "f");
    std::string s;
    in >> s;
    EXPECT_EQ(s, "two");
    EXPECT_FALSE(std::filesystem::exists(dir / "f.tmp"));
    EXPECT_THROW(write_file_atomically(dir / "missing-dir" / "f", "x"), std::system_error);
    std::filesystem::remove_all(dir);
}
