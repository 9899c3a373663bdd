#include "python/launcher.hpp"
#include "util/process.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

using Argv = std::vector<std::string>;

// A program printing what `python3` gave it: the launchers must run it the same way.
constexpr std::string_view k_report = "import sys\n"
                                      "print(sys.argv, sys.path[0], __name__, __file__, __spec__ and __spec__.name)\n";
// A program that gets SIGTERM while it works: its finally block runs, and it ends with 143.
constexpr std::string_view k_terminated = "import os, signal, time\n"
                                          "def main():\n"
                                          "    try:\n"
                                          "        os.kill(os.getpid(), signal.SIGTERM)\n"
                                          "        time.sleep(30)\n"
                                          "    finally:\n"
                                          "        print('cleaned up')\n"
                                          "if __name__ == '__main__':\n"
                                          "    main()\n";

class LauncherTest : public test::TempDirTest {
protected:
  // Runs `argv` (python3 from PATH) in `directory`.
  static util::ProcessResult run_in(const std::filesystem::path& directory, Argv argv)
  {
    argv.insert(argv.begin(), {"env", "-C", directory.string()});
    return util::run_process(argv, "");
  }
};

TEST_F(LauncherTest, ModuleRunsAsPythonDashM)
{
  write("work/tool/__init__.py", "");
  write("work/tool/__main__.py", k_report);
  auto expected = run_in(dir() / "work", {"python3", "-m", "tool", "a", "--b"});
  ASSERT_EQ(expected.exit_code, 0) << expected.said();
  auto launched = run_in(dir() / "work", launch_module("tool", {"a", "--b"}));
  EXPECT_EQ(launched.exit_code, 0) << launched.said();
  EXPECT_EQ(launched.output, expected.output);
  // Arguments appended to the command (an image's Cmd) reach the module after those given.
  auto argv = launch_module("tool", {"a"});
  argv.push_back("--b");
  EXPECT_EQ(run_in(dir() / "work", argv).output, expected.output);
}

TEST_F(LauncherTest, ScriptRunsAsPythonScript)
{
  std::string script = write("app/main.py", k_report).string();
  write("elsewhere/.keep", "");
  auto expected = run_in(dir() / "elsewhere", {"python3", script, "x"});
  ASSERT_EQ(expected.exit_code, 0) << expected.said();
  auto launched = run_in(dir() / "elsewhere", launch_script(script, {"x"}));
  EXPECT_EQ(launched.exit_code, 0) << launched.said();
  EXPECT_EQ(launched.output, expected.output);
}

TEST_F(LauncherTest, CallExitsWithTheResult)
{
  write("hello/__init__.py", "");
  write("hello/cli.py", "import sys\ndef main():\n    print(sys.argv[1:])\n    return 7\n"
                        "class App:\n    @staticmethod\n    def run():\n        return 'failed'\n");
  auto argv = launch_call("hello.cli", "main");
  argv.push_back("given");
  auto result = run_in(dir(), argv);
  EXPECT_EQ(result.exit_code, 7) << result.said();
  EXPECT_EQ(result.output, "['given']\n");
  result = run_in(dir(), launch_call("hello.cli", "App.run"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.errors, "failed\n");
}

// Without the handler the signal's default action would kill the program: no finally, no output.
TEST_F(LauncherTest, SigtermEndsEachFormWith143AfterFinallyBlocks)
{
  write("job/__init__.py", "");
  write("job/__main__.py", k_terminated);
  write("job/work.py", k_terminated);
  for (const auto& argv :
       {launch_module("job"), launch_script((dir() / "job/work.py").string()), launch_call("job.work", "main")}) {
    auto result = run_in(dir(), argv);
    EXPECT_EQ(result.exit_code, 143) << argv.back() << ": " << result.said();
    EXPECT_EQ(result.output, "cleaned up\n") << argv.back();
  }
}

} // namespace
} // namespace pycontainer::python
