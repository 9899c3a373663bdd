#pragma once

#include <string>
#include <string_view>

namespace pycontainer::ref {

// A registry image reference, normalised the way Docker does it:
//   python:3.12-slim           -> docker.io/library/python:3.12-slim
//   localhost:5000/a/b:c       -> registry localhost:5000, repository a/b, tag c
//   ghcr.io/o/app@sha256:...   -> digest kept, tag empty
// With neither tag nor digest the tag is "latest".
struct Reference {
  std::string registry;   // "docker.io", "ghcr.io", "localhost:5000", "[::1]:5000"
  std::string repository; // "library/python"
  std::string tag;        // may be empty when a digest is given
  std::string digest;     // "sha256:<hex>" or empty

  // Throws UsageError naming the reference and what is wrong with it (uppercase repository,
  // bad tag, malformed digest, empty component...).
  static Reference parse(std::string_view text);

  std::string name() const;       // registry/repository
  std::string str() const;        // name[:tag][@digest]
  std::string identifier() const; // what a manifest URL ends in: the digest if any, else the tag
  std::string api_host() const;   // the host to talk to: registry-1.docker.io for docker.io
};

} // namespace pycontainer::ref
