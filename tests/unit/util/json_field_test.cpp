#include "util/json_field.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace pycontainer::util {
namespace {

std::string message_of(const std::function<void()>& read)
{
  try {
    read();
  } catch (const UsageError& error) {
    return error.message();
  }
  return "";
}

const nlohmann::json k_document = nlohmann::json::parse(
  R"({"name":"app","secret":"hunter2","count":5,"ratio":1.5,"flag":true,"none":null,"list":["a","b"],"mixed":["a",7]})");

TEST(JsonFieldTest, ReadsFieldsOfTheRightType)
{
  EXPECT_EQ(json_string_field(k_document, "name"), "app");
  EXPECT_EQ(json_string_field(k_document, "absent"), "");
  EXPECT_EQ(required_json_field(k_document, "count", JsonType::integer).get<int>(), 5);
  EXPECT_EQ(json_string_array(k_document["list"], "list"), (std::vector<std::string>{"a", "b"}));
}

TEST(JsonFieldTest, NullIsAbsent)
{
  EXPECT_EQ(find_json_field(k_document, "none", JsonType::object), nullptr);
  EXPECT_EQ(json_string_field(k_document, "none"), "");
  EXPECT_EQ(message_of([] { required_json_field(k_document, "none", JsonType::string); }),
            "none: missing (expected a string)");
}

TEST(JsonFieldTest, AWrongTypeNamesTheFieldAndNeverShowsAString)
{
  EXPECT_EQ(message_of([] { json_string_field(k_document, "count"); }), "count: expected a string, got 5");
  EXPECT_EQ(message_of([] { find_json_field(k_document, "ratio", JsonType::integer); }),
            "ratio: expected an integer, got 1.5");
  EXPECT_EQ(message_of([] { find_json_field(k_document, "flag", JsonType::array); }),
            "flag: expected an array, got true");
  EXPECT_EQ(message_of([] { find_json_field(k_document, "secret", JsonType::object, "auths[\"x\"]"); }),
            "auths[\"x\"]: expected an object, got a string");
  EXPECT_EQ(message_of([] { json_string_array(k_document["mixed"], "mixed"); }), "mixed[1]: expected a string, got 7");
  EXPECT_EQ(message_of([] { json_string_array(k_document["list"][0], "list[0]"); }),
            "list[0]: expected an array, got a string");
}

} // namespace
} // namespace pycontainer::util
