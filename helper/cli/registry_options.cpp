#include "cli/registry_options.hpp"

#include "layout/image_lookup.hpp"
#include "layout/layout.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "pipeline/steps.hpp"
#include "ref/reference.hpp"
#include "remote/push.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

#include <iostream>
#include <iterator>

namespace pycontainer::cli {

void add_connection_options(CLI::App& command, RegistryArguments& arguments)
{
  command.add_option("--ca-file", arguments.ca_file, "Extra CA certificates (PEM) to trust (default: $SSL_CERT_FILE)");
  command.add_option("--insecure-registry", arguments.insecure_registries,
                     "HOST[:PORT] reachable over plain HTTP or unverified TLS, repeatable");
  command.add_option("--connect-to", arguments.connect_to,
                     "HOST:PORT:CONNECT-HOST:CONNECT-PORT: connect there instead for HOST:PORT, keeping HOST for TLS "
                     "(as curl's --connect-to), repeatable");
  command.add_option("--retries", arguments.retries, "Retries of a failed request")->capture_default_str();
  command.add_option("--request-timeout", arguments.request_timeout_seconds,
                     "Seconds one registry request may take, connecting to the last byte (not retried when over)")
    ->capture_default_str();
}

void add_registry_options(CLI::App& command, RegistryArguments& arguments)
{
  command.add_option("--cache-dir", arguments.cache_dir,
                     "Where pulled images are kept, shared by builds (default: $XDG_CACHE_HOME/pycontainer)");
  command.add_option("--username", arguments.username, "Registry user name (with --password-stdin)");
  command.add_flag("--password-stdin", arguments.password_stdin, "Read the registry password or token from stdin");
  command.add_option("--password", arguments.password,
                     "Registry password (visible to other users: prefer --password-stdin)");
  add_connection_options(command, arguments);
  command.add_option("--jobs", arguments.jobs, "Blobs and package files transferred in parallel")->capture_default_str();
  command.add_flag("--no-progress", arguments.no_progress, "No per-blob progress bars or lines");
}

void add_push_options(CLI::App& command, RegistryArguments& arguments, bool with_push_flag)
{
  if (with_push_flag) {
    command.add_flag("--push", arguments.push, "Push the image to its registry after building it");
    command.add_option("--registry", arguments.registry,
                       "Push there instead: a registry host (each tag's repository on it), a repository (with each "
                       "tag's tag) or NAME:TAG");
  }
  command.add_option("--digest-file", arguments.digest_file, "Write the pushed NAME@sha256:... here");
}

remote::RegistryOptions to_registry_options(const RegistryArguments& arguments)
{
  remote::RegistryOptions options;
  options.cache_dir = arguments.cache_dir;
  if (arguments.password_stdin && !arguments.password.empty()) {
    throw UsageError("--password and --password-stdin exclude each other");
  }
  if (!arguments.username.empty()) {
    options.username = arguments.username;
    if (arguments.password_stdin) {
      std::string password((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
        password.pop_back();
      }
      if (password.empty()) {
        throw UsageError("--password-stdin: nothing on stdin");
      }
      options.password = password;
    } else if (!arguments.password.empty()) {
      log::warn("--password puts the password where other users can see it; use --password-stdin");
      options.password = arguments.password;
    } else {
      throw UsageError("--username needs --password-stdin (or --password)");
    }
  } else if (arguments.password_stdin || !arguments.password.empty()) {
    throw UsageError("--password-stdin and --password need --username");
  }
  options.ca_file = arguments.ca_file;
  options.insecure_registries = arguments.insecure_registries;
  options.connect_to = arguments.connect_to;
  if (arguments.retries < 0 || arguments.retries > 100) {
    throw UsageError("--retries must be between 0 and 100");
  }
  if (arguments.jobs < 1 || arguments.jobs > 64) {
    throw UsageError("--jobs must be between 1 and 64");
  }
  if (arguments.request_timeout_seconds < 1 || arguments.request_timeout_seconds > 86400) {
    throw UsageError("--request-timeout must be between 1 and 86400 seconds");
  }
  options.retry.retries = arguments.retries;
  options.request_timeout = std::chrono::seconds(arguments.request_timeout_seconds);
  options.jobs = arguments.jobs;
  options.progress = !arguments.no_progress;
  return options;
}

namespace {

// The SBOM artifacts that go with the image `ref` of `layout`: each one's name in the layout and what its
// destination tags append to the image's.
std::vector<std::pair<std::string, std::string>> sboms_of(const layout::Layout& layout, const std::string& ref,
                                                          const std::optional<oci::Platform>& platform)
{
  std::vector<std::pair<std::string, std::string>> sboms;
  if (ref.empty()) {
    return sboms;
  }
  if (!platform && layout.find(ref + ".sbom")) {
    sboms.push_back({ref + ".sbom", ".sbom"});
  }
  auto top = layout::find_image(layout, ref);
  if (!oci::media_type::is_index(top.media_type)) {
    if (platform && layout.find(ref + ".sbom")) {
      sboms.push_back({ref + ".sbom", ".sbom"});
    }
    return sboms;
  }
  for (const auto& entry : oci::Index::parse(layout.read_blob(top.digest), "index " + top.digest.str()).manifests) {
    if (!entry.platform || (platform && !platform->matches(*entry.platform))) {
      continue;
    }
    auto suffix = pipeline::sbom_platform_suffix(*entry.platform) + ".sbom";
    if (layout.find(ref + suffix)) {
      sboms.push_back({ref + suffix, platform ? ".sbom" : suffix});
    }
  }
  return sboms;
}

} // namespace

std::vector<std::string> run_push(const std::filesystem::path& layout_path, const std::string& ref,
              const std::vector<std::string>& destinations, const remote::RegistryOptions& options,
              const std::string& digest_file, const std::optional<oci::Platform>& platform)
{
  auto layout = layout::Layout::open(layout_path);
  auto results = remote::push_image(layout, ref, destinations, options, platform);
  std::string lines;
  std::vector<std::string> pushed;
  for (const auto& result : results) {
    pushed.push_back(result.reference + "@" + result.digest.str());
    lines += pushed.back() + "\n";
  }
  std::cout << lines << std::flush;
  if (!digest_file.empty()) {
    util::write_file_atomic(digest_file, lines);
  }
  // The image's SBOM (`--sbom`: the artifact <ref>.sbom of the layout) goes with it, as <tag>.sbom beside
  // each destination tag, after the image it refers to; an index's per-platform SBOMs
  // (<ref>.linux-arm64.sbom) as <tag>.linux-arm64.sbom, or as <tag>.sbom when one platform is pushed.
  for (const auto& [sbom_ref, tag_suffix] : sboms_of(layout, ref, platform)) {
    std::vector<std::string> sbom_destinations;
    for (const auto& result : results) {
      auto reference = ref::Reference::parse(result.reference);
      if (!reference.tag.empty()) {
        reference.tag += tag_suffix;
        reference.digest.clear();
        sbom_destinations.push_back(reference.str());
      }
    }
    for (const auto& sbom : remote::push_image(layout, sbom_ref, sbom_destinations, options)) {
      log::info("pycontainer: pushed the SBOM " + sbom.reference + "@" + sbom.digest.str());
    }
  }
  return pushed;
}

} // namespace pycontainer::cli
