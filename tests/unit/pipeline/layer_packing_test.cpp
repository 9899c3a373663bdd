#include "pipeline/layer_packing.hpp"

#include "util/thread_budget.hpp"

#include <gtest/gtest.h>

namespace pycontainer::pipeline {
namespace {

class PackingThreadsTest : public ::testing::Test {
protected:
  void TearDown() override { util::set_thread_budget(0); }
};

// Layers at once x compression threads each never exceeds the budget (--threads), and is at least 1 x 1.
TEST_F(PackingThreadsTest, TheLayersAtOnceShareTheBudget)
{
  struct Case {
    unsigned budget;
    std::size_t layers;
    unsigned at_once;
    unsigned each;
  };
  for (auto [budget, layers, at_once, each] : {Case{1, 5, 1, 1}, Case{2, 5, 2, 1}, Case{8, 5, 2, 4}, Case{8, 1, 1, 8},
                                               Case{3, 2, 2, 1}, Case{2, 0, 1, 2}}) {
    SCOPED_TRACE("budget " + std::to_string(budget) + ", " + std::to_string(layers) + " layers");
    util::set_thread_budget(budget);
    auto threads = packing_threads(layers);
    EXPECT_EQ(threads.layers_at_once, at_once);
    EXPECT_EQ(threads.compression_threads, each);
    EXPECT_LE(threads.layers_at_once * threads.compression_threads, budget);
  }
}

} // namespace
} // namespace pycontainer::pipeline
