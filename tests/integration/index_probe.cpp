// A test-only front end of remote::PackageIndex for tests/integration/package_index.sh (the CLI reaches
// the index through lock installs): lists a project's files, or fetches one file into the cache.
//   index_probe [--index-url U]... [--find-links D]... [--no-index] [--netrc F] [--ca-file F]
//               [--allow-unhashed] --cache DIR list PROJECT | fetch FILENAME URL [sha256:HEX]...
// list prints "filename url hash,hash yanked requires-python" per file; fetch prints the cached path.
// Errors print "index_probe: error: ..." and exit 2 (UsageError) or 1.
#include "remote/package_index.hpp"
#include "util/error.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
  using namespace pycontainer;
  std::vector<std::string> arguments(argv + 1, argv + argc);
  remote::PackageIndexOptions options;
  remote::RegistryOptions http;
  http.retry.retries = 1;
  std::filesystem::path cache;
  auto unhashed = remote::Unhashed::refuse;
  std::size_t i = 0;
  try {
    auto value = [&]() -> std::string {
      if (i + 1 >= arguments.size()) {
        throw UsageError(arguments[i] + " needs a value");
      }
      return arguments[++i];
    };
    for (; i < arguments.size() && arguments[i].starts_with("--"); ++i) {
      const auto& option = arguments[i];
      if (option == "--index-url") {
        options.index_urls.push_back(value());
      } else if (option == "--find-links") {
        options.find_links.emplace_back(value());
      } else if (option == "--no-index") {
        options.no_index = true;
      } else if (option == "--netrc") {
        options.netrc = value();
      } else if (option == "--ca-file") {
        http.ca_file = value();
      } else if (option == "--cache") {
        cache = value();
      } else if (option == "--allow-unhashed") {
        unhashed = remote::Unhashed::allow;
      } else {
        throw UsageError("unknown option " + option);
      }
    }
    if (i >= arguments.size() || cache.empty()) {
      throw UsageError("usage: index_probe [options] --cache DIR list PROJECT | fetch FILENAME URL [HASH]...");
    }
    remote::PackageIndex index(options, http, cache);
    if (arguments[i] == "list" && i + 1 < arguments.size()) {
      for (const auto& file : index.project_files(arguments[i + 1])) {
        std::string hashes;
        for (const auto& hash : file.hashes) {
          hashes += (hashes.empty() ? "" : ",") + hash;
        }
        std::cout << file.filename << ' ' << file.url << ' ' << (hashes.empty() ? "-" : hashes) << ' '
                  << (file.yanked ? "yanked" : "-") << ' ' << (file.requires_python.empty() ? "-" : file.requires_python)
                  << '\n';
      }
    } else if (arguments[i] == "fetch" && i + 2 < arguments.size()) {
      remote::IndexFile file{arguments[i + 1], arguments[i + 2], {arguments.begin() + i + 3, arguments.end()}, false, ""};
      std::cout << index.fetch(file, unhashed).path.string() << '\n';
    } else {
      throw UsageError("unknown command " + arguments[i]);
    }
  } catch (const UsageError& error) {
    std::cerr << "index_probe: error: " << error.what() << '\n';
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "index_probe: error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
