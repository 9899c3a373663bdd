#include "project/default_tag.hpp"

#include <gtest/gtest.h>

namespace pycontainer::project {
namespace {

TEST(DefaultTagTest, RepositoryComponent)
{
  EXPECT_EQ(repository_component("hello"), "hello");
  EXPECT_EQ(repository_component("My_App"), "my_app");
  EXPECT_EQ(repository_component("Flask-API.v2"), "flask-api.v2");
  EXPECT_EQ(repository_component("hello world!"), "hello-world");
  EXPECT_EQ(repository_component("a__b---c"), "a__b---c");
  EXPECT_EQ(repository_component("a..b_._c"), "a-b-c");
  EXPECT_EQ(repository_component("_private-"), "private");
  EXPECT_EQ(repository_component("Ünïcode"), "n--code");
  EXPECT_EQ(repository_component("..."), "");
  EXPECT_EQ(repository_component(""), "");
}

TEST(DefaultTagTest, TagComponent)
{
  EXPECT_EQ(tag_component(""), "latest");
  EXPECT_EQ(tag_component("1.2.0"), "1.2.0");
  EXPECT_EQ(tag_component("1.0+local.7"), "1.0-local.7");
  EXPECT_EQ(tag_component("2.0.0RC1"), "2.0.0RC1");
  EXPECT_EQ(tag_component(".hidden"), "_hidden");
  EXPECT_EQ(tag_component(std::string(200, '1')), std::string(128, '1'));
}

} // namespace
} // namespace pycontainer::project
