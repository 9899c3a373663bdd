#include "oci/descriptor.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::oci {
namespace {

TEST(DescriptorTest, ArtifactTypeIsWrittenOnlyWhenSetAndReadBack)
{
  Descriptor descriptor;
  descriptor.media_type = "application/vnd.oci.image.manifest.v1+json";
  descriptor.digest = Digest::of("manifest");
  descriptor.size = 8;
  EXPECT_FALSE(descriptor.to_json().contains("artifactType"));

  descriptor.artifact_type = "application/spdx+json";
  auto json = descriptor.to_json();
  EXPECT_EQ(json["artifactType"], "application/spdx+json");
  auto parsed = Descriptor::from_json(json);
  EXPECT_EQ(parsed.artifact_type, "application/spdx+json");
  EXPECT_EQ(parsed.to_json(), json);
}

TEST(DescriptorTest, MissingFieldsAreNamed)
{
  try {
    Descriptor::from_json({{"mediaType", "x"}, {"size", 1}});
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_STREQ(error.what(), "descriptor has no \"digest\"");
  }
}

} // namespace
} // namespace pycontainer::oci
