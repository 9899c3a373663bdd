#include "project/output_targets.hpp"
#include "test_support.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::project {
namespace {

TEST(ParseOutput, TransportsAndDirectories)
{
  EXPECT_EQ(parse_output("dist/image").kind, OutputKind::layout);
  EXPECT_EQ(parse_output("oci:dist/image").path, "dist/image");
  EXPECT_EQ(parse_output("oci-archive:img.tar").kind, OutputKind::oci_archive);
  EXPECT_EQ(parse_output("docker-archive:/tmp/a:b.tar").path, "/tmp/a:b.tar");
  EXPECT_EQ(parse_output("docker-archive:x").kind, OutputKind::docker_archive);
  // A colon after a '/' belongs to the path.
  EXPECT_EQ(parse_output("./a:b").kind, OutputKind::layout);
  EXPECT_EQ(parse_output("out/a:b").path, "out/a:b");
}

TEST(ParseOutput, AnUnknownTransportIsAnError)
{
  try {
    parse_output("oci-archiv:img.tar");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "output \"oci-archiv:img.tar\": unknown transport \"oci-archiv\"; give DIR, oci:DIR, "
                               "oci-archive:FILE or docker-archive:FILE (a directory whose name has a colon: "
                               "./oci-archiv:img.tar)");
  }
  EXPECT_THROW(parse_output("docker-archive:"), UsageError);
  EXPECT_THROW(parse_output(""), UsageError);
}

class ParseOutputs : public test::TempDirTest {};

TEST_F(ParseOutputs, OneLayoutAndArchivesNoneTwice)
{
  auto outputs = parse_outputs({"dist/image", "oci-archive:a.tar", "docker-archive:b.tar"});
  ASSERT_EQ(outputs.size(), 3u);
  EXPECT_THROW(parse_outputs({"one", "oci:two"}), UsageError);
  EXPECT_THROW(parse_outputs({"oci-archive:a.tar", "docker-archive:a.tar"}), UsageError);
}

TEST_F(ParseOutputs, AnArchiveWhereADirectoryIsIsAnError)
{
  std::filesystem::create_directories(dir() / "x.tar");
  EXPECT_THROW(parse_outputs({"oci-archive:" + (dir() / "x.tar").string()}), UsageError);
  EXPECT_NO_THROW(parse_outputs({(dir() / "x.tar").string()})); // a layout may be an existing directory
}

} // namespace
} // namespace pycontainer::project
