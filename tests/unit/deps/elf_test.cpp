#include "deps/elf.hpp"

#include "compiled_elf.hpp"
#include "oci/platform.hpp"
#include "test_support.hpp"

#include <algorithm>

#include <unistd.h>

namespace pycontainer::deps {
namespace {

class ElfTest : public test::TempDirTest {};

TEST_F(ElfTest, ReadsTheMachineAndTheCLibraryOfThisProgram)
{
  char self[4096] = {};
  ASSERT_GT(readlink("/proc/self/exe", self, sizeof self - 1), 0);
  auto elf = read_elf(self);
  ASSERT_TRUE(elf.has_value());
  EXPECT_EQ(elf_architecture(*elf), oci::Platform::host().architecture);
  EXPECT_EQ(elf->libc(), Libc::glibc);
}

TEST_F(ElfTest, NamesArchitecturesByTheirOciNames)
{
  std::string header(64, '\0');
  header.replace(0, 4, "\x7f" "ELF");
  header[4] = 2; // 64-bit
  header[5] = 1; // little-endian
  header[18] = static_cast<char>(183); // AArch64
  auto file = write("arm.so", header);
  auto elf = read_elf(file);
  ASSERT_TRUE(elf.has_value());
  EXPECT_EQ(elf_architecture(*elf), "arm64");
  EXPECT_EQ(elf->libc(), Libc::unknown);
}

TEST_F(ElfTest, OtherFilesAreNotElf)
{
  EXPECT_FALSE(read_elf(write("script.py", "#!/usr/bin/python3\nprint(1)\n")).has_value());
  EXPECT_FALSE(read_elf(write("short", "\x7f" "ELF")).has_value());
}

TEST_F(ElfTest, ReadsTheSonameAndARunpathWithNewDtags)
{
  auto library = test::compile_elf(dir() / "libgeom.so.1", "int area() { return 4; }",
                                   {"-shared", "-Wl,-soname,libgeom.so.1", "-Wl,-rpath,$ORIGIN/../lib",
                                    "-Wl,--enable-new-dtags"});
  auto elf = read_elf(library);
  ASSERT_TRUE(elf.has_value());
  EXPECT_EQ(elf->soname, "libgeom.so.1");
  EXPECT_EQ(elf->runpath, "$ORIGIN/../lib");
  EXPECT_FALSE(elf->rpath.has_value());
  EXPECT_TRUE(elf->is_64);
}

TEST_F(ElfTest, ReadsAnRpathWithOldDtagsAndTheNeededLibraries)
{
  test::compile_elf(dir() / "lib" / "libgeom.so", "int area() { return 4; }", {"-shared", "-Wl,-soname,libgeom.so.1"});
  auto module = test::compile_elf(dir() / "ext.so", "int area(); int twice() { return 2 * area(); }",
                                  {"-shared", "-L" + (dir() / "lib").string(), "-lgeom",
                                   "-Wl,-rpath,/opt/a:$ORIGIN/lib", "-Wl,--disable-new-dtags"});
  auto elf = read_elf(module);
  ASSERT_TRUE(elf.has_value());
  EXPECT_EQ(elf->rpath, "/opt/a:$ORIGIN/lib");
  EXPECT_FALSE(elf->runpath.has_value());
  EXPECT_TRUE(elf->soname.empty());
  EXPECT_NE(std::find(elf->needed.begin(), elf->needed.end(), "libgeom.so.1"), elf->needed.end());
}

TEST(ElfIdentity, ComesFromTheFirstBytesInEitherByteOrder)
{
  std::string header(20, '\0');
  header.replace(0, 4, "\x7f" "ELF");
  header[4] = 1; // 32-bit
  header[5] = 2; // big-endian
  header[19] = 8; // MIPS
  auto identity = elf_identity(header);
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->machine, 8);
  EXPECT_FALSE(identity->is_64);
  EXPECT_FALSE(elf_identity(header.substr(0, 19)).has_value());
  EXPECT_FALSE(elf_identity("#!/bin/sh\nexec true\n").has_value());
}

TEST(ElfLibc, MuslIsToldByItsNeededName)
{
  ElfInfo elf;
  elf.needed = {"libpython3.11.so", "libc.musl-x86_64.so.1"};
  EXPECT_EQ(elf.libc(), Libc::musl);
  elf.needed = {"libm.so.6", "libc.so.6"};
  EXPECT_EQ(elf.libc(), Libc::glibc);
}

} // namespace
} // namespace pycontainer::deps
