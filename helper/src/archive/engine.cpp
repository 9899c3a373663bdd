#include "archive/engine.hpp"

#include "util/error.hpp"
#include "util/process.hpp"

#include <sstream>

namespace pycontainer::archive {

namespace {

// What `argv` prints, trimmed, or an empty string and why in `why` when it fails or is not installed.
std::string ask(const std::vector<std::string>& argv, std::string& why)
{
  try {
    auto result = util::run_process(argv, "");
    if (result.exit_code == 0) {
      auto text = result.output;
      while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
      }
      return text;
    }
    why = argv[0] + " answered: " + result.said();
  } catch (const Error& error) {
    why = argv[0] + ": " + error.what();
  }
  return "";
}

} // namespace

Engine find_engine()
{
  std::string docker_why, podman_why;
  struct Candidate {
    std::string program;
    std::vector<std::string> argv;
    std::string* why;
  };
  for (const auto& candidate : {Candidate{"docker", {"docker", "version", "--format", "{{.Server.Os}}/{{.Server.Arch}}"}, &docker_why},
                                Candidate{"podman", {"podman", "info", "--format", "{{.Host.OS}}/{{.Host.Arch}}"}, &podman_why}}) {
    auto platform = ask(candidate.argv, *candidate.why);
    if (!platform.empty()) {
      return {candidate.program, with_context(candidate.program + "'s platform", [&] { return oci::Platform::parse(platform); })};
    }
  }
  throw UsageError("--load: no container engine to load the image into (" + docker_why + "; " + podman_why +
                   "); start Docker (or set DOCKER_HOST), install Podman, or write --output docker-archive:FILE "
                   "and load that");
}

std::vector<std::string> load_archive(const Engine& engine, const std::filesystem::path& file)
{
  auto result = util::run_process({engine.program, "load", "-i", file.string()}, "");
  if (result.exit_code != 0) {
    throw Error(engine.program + " load -i " + file.string() + " failed: " + result.said());
  }
  std::vector<std::string> loaded;
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    // Docker: "Loaded image: app:1"; Podman: "Loaded image: docker.io/library/app:1" (older: "Loaded image(s):").
    auto colon = line.find(": ");
    if (line.starts_with("Loaded image") && colon != std::string::npos) {
      loaded.push_back(line.substr(colon + 2));
    }
  }
  return loaded;
}

} // namespace pycontainer::archive
