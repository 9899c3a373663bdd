// A base image's config (oci::derive_image_config): our image's config is derived from it.
#include "fuzz_support.hpp"
#include "oci/image_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace pycontainer::oci;
  auto base = nlohmann::json::parse(pycontainer::fuzz::as_text(data, size), nullptr, /*allow_exceptions=*/false);
  if (base.is_discarded()) {
    return 0;
  }
  ConfigChanges changes;
  changes.entrypoint = std::vector<std::string>{"python", "-m", "app"};
  changes.env = {{"PATH", "/app/bin:/usr/bin"}, {"PYTHONPATH", "/app"}};
  changes.labels = {{"org.opencontainers.image.title", "app"}};
  changes.user = "1000";
  changes.workdir = "/app";
  changes.exposed_ports = {"8000", "53/udp"};
  std::vector<LayerHistory> layers{{Digest::of("layer"), "pycontainer: app files"}};
  pycontainer::fuzz::expect_our_errors([&] {
    derive_image_config(base, Platform{"linux", "amd64", ""}, changes, layers, "2026-12-01T00:00:00Z").dump();
  });
  return 0;
}
