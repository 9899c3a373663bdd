#include "layout/ref_names.hpp"

#include <gtest/gtest.h>

namespace pycontainer::layout {
namespace {

std::vector<std::string> names_of(std::initializer_list<const char*> tags)
{
  std::vector<ref::Reference> references;
  for (const auto* tag : tags) {
    references.push_back(ref::Reference::parse(tag));
  }
  return ref_names(references);
}

TEST(RefNames, TagsAreNamedByTheirTag)
{
  EXPECT_EQ(names_of({"hello:1.0", "hello:latest", "acme/hello:stable"}),
            (std::vector<std::string>{"1.0", "latest", "stable"}));
}

TEST(RefNames, ATagAlreadyTakenIsNamedByItsWholeReference)
{
  EXPECT_EQ(names_of({"a:1", "b:1", "ghcr.io/acme/c:1", "a:2"}),
            (std::vector<std::string>{"1", "docker.io/library/b:1", "ghcr.io/acme/c:1", "2"}));
}

} // namespace
} // namespace pycontainer::layout
