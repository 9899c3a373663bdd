// A base image's config: parsed (oci::ImageConfig::parse), our image's config derived from it
// (oci::derive_image_config) and written; what is written must read back as what was derived.
#include "fuzz_support.hpp"
#include "oci/derive_config.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace pycontainer::oci;
  ConfigChanges changes;
  changes.entrypoint = std::vector<std::string>{"python", "-m", "app"};
  changes.env = {{"PATH", "/app/bin:/usr/bin"}, {"PYTHONPATH", "/app"}};
  changes.labels = {{"org.opencontainers.image.title", "app"}};
  changes.user = "1000";
  changes.workdir = "/app";
  changes.exposed_ports = {"8000", "53/udp"};
  std::vector<LayerHistory> layers{{Digest::of("layer"), "pycontainer: app files"}};
  pycontainer::fuzz::expect_our_errors([&] {
    auto base = ImageConfig::parse(pycontainer::fuzz::as_text(data, size), "base config");
    auto derived = derive_image_config(base, Platform{"linux", "amd64", ""}, changes, layers, "2026-12-01T00:00:00Z");
    if (ImageConfig::parse(derived.to_json().dump(), "derived config") != derived) {
      std::abort(); // written and read again, a config must stay the same
    }
  });
  return 0;
}
