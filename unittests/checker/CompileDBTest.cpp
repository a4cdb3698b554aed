#include "driver/CompileDB.h"
#include "gtest/gtest.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace parcheck;

TEST(Sanitize, DropsWrappersAndGccOnlyFlags) {
  auto A = sanitizeCommand({"ccache", "gcc", "-O2", "-fno-tree-vrp-not-a-flag",
                            "-mno-fp-ret-in-387", "-Iinc", "-std=gnu11"},
                           "/x/a.c");
  ASSERT_FALSE(A.empty());
  EXPECT_EQ(A[0], "clang");
  EXPECT_EQ(std::count(A.begin(), A.end(), "-Iinc"), 1);
  EXPECT_EQ(std::count(A.begin(), A.end(), "-O2"), 1);
  EXPECT_EQ(std::count(A.begin(), A.end(), "-std=gnu11"), 1);
  EXPECT_EQ(std::count(A.begin(), A.end(), "-fno-tree-vrp-not-a-flag"), 0);
}

TEST(Sanitize, PicksTheDriverAndStdForTheLanguage) {
  auto C = sanitizeCommand({"clang", "-std=c++17", "-DX"}, "/x/a.c");
  EXPECT_EQ(C[0], "clang");
  EXPECT_EQ(std::count(C.begin(), C.end(), "-std=c++17"), 0);
  auto Cxx = sanitizeCommand({"/usr/bin/g++", "-std=c++17"}, "/x/a.cpp");
  EXPECT_EQ(Cxx[0], "clang++");
  EXPECT_EQ(std::count(Cxx.begin(), Cxx.end(), "-std=c++17"), 1);
}

static std::string writeTemp(const std::string &Text) {
  llvm::SmallString<128> P;
  llvm::sys::fs::createTemporaryFile("ccdb", "json", P);
  std::error_code EC;
  llvm::raw_fd_ostream OS(P, EC);
  OS << Text;
  return std::string(P);
}

TEST(CompileDB, ReadsArgumentsAndCommandWithRelativePaths) {
  std::string P = writeTemp(R"([
    {"directory": "/src", "file": "a.c", "arguments": ["cc", "-c", "a.c", "-o", "a.o", "-DA"]},
    {"directory": "/src/sub", "file": "../b.cpp", "command": "c++ -DB=\"x y\" -c ../b.cpp"},
    {"file": "c.c"},
    42
  ])");
  std::vector<std::string> Problems;
  auto Jobs = loadCompileDB(P, Problems);
  ASSERT_TRUE(bool(Jobs));
  ASSERT_EQ(Jobs->size(), 2u);
  EXPECT_EQ((*Jobs)[0].File, "/src/a.c");
  EXPECT_EQ((*Jobs)[0].Args, (std::vector<std::string>{"cc", "-DA"}));
  EXPECT_EQ((*Jobs)[1].File, "/src/b.cpp");
  EXPECT_EQ((*Jobs)[1].Args, (std::vector<std::string>{"c++", "-DB=x y"}));
  EXPECT_EQ(Problems.size(), 2u);
  llvm::sys::fs::remove(P);
}

TEST(CompileDB, MalformedIsAnError) {
  std::string P = writeTemp("{not json");
  std::vector<std::string> Problems;
  auto Jobs = loadCompileDB(P, Problems);
  ASSERT_FALSE(bool(Jobs));
  EXPECT_NE(llvm::toString(Jobs.takeError()).find("malformed"), std::string::npos);
  llvm::sys::fs::remove(P);
  std::string Q = writeTemp("{\"a\": 1}");
  auto Obj = loadCompileDB(Q, Problems);
  EXPECT_FALSE(bool(Obj));
  llvm::consumeError(Obj.takeError());
  llvm::sys::fs::remove(Q);
}
