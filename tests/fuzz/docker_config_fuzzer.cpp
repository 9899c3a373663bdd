// Docker config.json and podman auth.json files (remote::DockerConfig::parse) and the look-ups of a
// registry's credential helper and stored credentials in them.
#include "fuzz_support.hpp"
#include "remote/docker_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors([&] {
    auto config = pycontainer::remote::DockerConfig::parse(pycontainer::fuzz::as_text(data, size), "config.json");
    for (const char* registry : {"docker.io", "ghcr.io", "127.0.0.1:5000"}) {
      auto keys = pycontainer::remote::docker_config_keys(registry);
      config.credential_helper(keys);
      config.stored_credentials(keys);
    }
  });
  return 0;
}
