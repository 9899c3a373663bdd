#pragma once

// gzip and zstd layer readers (layer::make_decompressor): layers pulled from registries and read from
// layouts. The input is written in pieces of 1 to 61 bytes (by its size), as network reads hand it over.
#include "fuzz_support.hpp"
#include "layer/decompressor.hpp"

#include <algorithm>

namespace pycontainer::fuzz {

inline void fuzz_decompressor(oci::media_type::Compression compression, const std::uint8_t* data, std::size_t size)
{
  expect_our_errors([&] {
    auto decompressor = layer::make_decompressor(compression, [](const void*, std::size_t) {});
    std::size_t piece = 1 + size % 61;
    for (std::size_t offset = 0; offset < size; offset += piece) {
      decompressor->write(data + offset, std::min(piece, size - offset));
    }
    decompressor->finish();
  });
}

} // namespace pycontainer::fuzz
