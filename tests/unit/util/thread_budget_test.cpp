#include "util/thread_budget.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace pycontainer::util {
namespace {

// Restores the default budget after each case.
class ThreadBudgetTest : public ::testing::Test {
protected:
  void TearDown() override { set_thread_budget(0); }
};

TEST_F(ThreadBudgetTest, DefaultIsTheCoreCount)
{
  set_thread_budget(0);
  EXPECT_EQ(thread_budget(), std::max(1u, std::thread::hardware_concurrency()));
}

TEST_F(ThreadBudgetTest, SetBudgetWins)
{
  set_thread_budget(7);
  EXPECT_EQ(thread_budget(), 7u);
}

TEST_F(ThreadBudgetTest, SharesAddUpToTheBudgetAndAreAtLeastOne)
{
  set_thread_budget(8);
  EXPECT_EQ(thread_share(1), 8u);
  EXPECT_EQ(thread_share(2), 4u);
  EXPECT_EQ(thread_share(3), 2u) << "rounded down: never more than the budget in all";
  EXPECT_EQ(thread_share(0), 8u);
  set_thread_budget(1);
  EXPECT_EQ(thread_share(2), 1u);
}

} // namespace
} // namespace pycontainer::util
