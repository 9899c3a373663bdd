#pragma once

#include <string>
#include <string_view>

namespace pycontainer::project {

// `name` as an image repository component ([a-z0-9]+ joined by `.`, `_`, `__` or dashes): ASCII letters
// lowered, any other character and any other run of separators mapped to `-`, separators at either end
// dropped: "My_App" -> "my_app", "hello world!" -> "hello-world". Empty when nothing is left.
std::string repository_component(std::string_view name);

// `version` as an image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}): other characters mapped to `-`
// ("1.0+local" -> "1.0-local"), a leading `.` or `-` to `_`, cut at 128 characters; "latest" when empty.
std::string tag_component(std::string_view version);

} // namespace pycontainer::project
