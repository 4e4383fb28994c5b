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
