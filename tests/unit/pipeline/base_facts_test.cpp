// Unit tests of pipeline::BaseFacts: the base's facts read at once, later or not at all, the same in the
// background as in the foreground, and an inspection's error thrown by get() in both.
#include "pipeline/base_facts.hpp"

#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "test_support.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <string>
#include <vector>

namespace pycontainer::pipeline {
namespace {

class BaseFactsTest : public test::TempDirTest {
protected:
  // A base of one gzip layer holding usr/bin/python3 and lib/ld-musl-x86_64.so.1.
  BaseRecord musl_base()
  {
    std::vector<layer::Entry> entries(2);
    entries[0].path = "usr/bin/python3";
    entries[0].source = write("files/python3", "\x7f" "ELF").string();
    entries[1].path = "lib/ld-musl-x86_64.so.1";
    entries[1].source = write("files/ld-musl", "\x7f" "ELF").string();
    auto layout = layout::Layout::open_or_create(dir() / "layout");
    BaseRecord base;
    base.name = "test-base";
    base.layers.push_back(layer::write_layer(entries, layer::Options{}, layout).descriptor);
    base.blobs_directory = layout.blobs_directory();
    return base;
  }
};

TEST_F(BaseFactsTest, TheSameFactsInTheBackgroundAsInTheForeground)
{
  auto base = musl_base();
  BaseFacts foreground(base, dir() / "cache-1", true, false);
  BaseFacts background(base, dir() / "cache-2", true, true);
  EXPECT_FALSE(foreground.pending()); // read when first asked for
  EXPECT_EQ(foreground.get().interpreter, "/usr/bin/python3");
  EXPECT_EQ(foreground.get().libc, deps::Libc::musl);
  EXPECT_EQ(background.get().interpreter, "/usr/bin/python3");
  EXPECT_EQ(background.get().libc, deps::Libc::musl);
  EXPECT_FALSE(background.pending());
}

TEST_F(BaseFactsTest, NotNeededReadsNothing)
{
  auto base = musl_base();
  base.blobs_directory = dir() / "nowhere";
  BaseFacts facts(base, dir() / "cache", false, true);
  EXPECT_FALSE(facts.pending());
  EXPECT_EQ(facts.get().interpreter, "");
  EXPECT_EQ(facts.get().libc, deps::Libc::unknown);
  EXPECT_FALSE(std::filesystem::exists(dir() / "cache"));
}

TEST_F(BaseFactsTest, AnInspectionErrorIsThrownByGet)
{
  auto base = musl_base();
  auto blob = base.blobs_directory / base.layers[0].digest.encoded();
  auto content = util::read_file(blob);
  std::filesystem::remove(blob);
  util::write_file_atomic(blob, content.substr(0, content.size() / 2)); // damaged
  for (bool in_background : {false, true}) {
    BaseFacts facts(base, dir() / ("cache-" + std::to_string(in_background)), true, in_background);
    try {
      facts.get();
      FAIL() << "no error";
    } catch (const Error& error) {
      EXPECT_NE(error.message().find("does not match its digest"), std::string::npos) << error.message();
    }
  }
}

} // namespace
} // namespace pycontainer::pipeline
