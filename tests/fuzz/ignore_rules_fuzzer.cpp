// .dockerignore / .pycontainerignore files (python::IgnoreRules): the input is the file, then after a
// NUL the '/'-separated paths to test against its rules, one a line. For a directory that is ignored
// and that no '!' rule reaches below (the walker skips it), a file inside must be ignored too.
#include "fuzz_support.hpp"
#include "python/ignore_rules.hpp"

namespace {

// A path as the context walker gives it: relative, no empty, "." or ".." component.
bool walker_path(std::string_view path)
{
  std::string_view rest = path;
  while (true) {
    auto end = rest.find('/');
    auto component = rest.substr(0, end);
    if (component.empty() || component == "." || component == "..") {
      return false;
    }
    if (end == std::string_view::npos) {
      return true;
    }
    rest.remove_prefix(end + 1);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const pycontainer::fuzz::ScratchFile file(".dockerignore");
  auto input = pycontainer::fuzz::split_at_nul(pycontainer::fuzz::as_text(data, size));
  std::string_view rules_text = input.first, paths = input.second;
  pycontainer::fuzz::expect_our_errors([&] {
    pycontainer::python::IgnoreRules rules;
    rules.add_file(file.write(rules_text));
    while (!paths.empty()) {
      auto end = paths.find('\n');
      auto path = paths.substr(0, end);
      paths = end == std::string_view::npos ? std::string_view() : paths.substr(end + 1);
      rules.ignored(path, false);
      if (walker_path(path) && rules.ignored(path, true) && !rules.may_include_below(path) &&
          !rules.ignored(std::string(path) + "/x", false)) {
        std::abort();
      }
    }
  });
  return 0;
}
