#include "util/git_checkout.hpp"
#include "util/process.hpp"
#include "util/string.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pycontainer::util {
namespace {

// Real repositories made by git (the reader must agree with git itself, never run it).
class GitCheckoutTest : public test::TempDirTest {
protected:
  // Runs git in `directory` (relative to dir()) and returns its trimmed output; fails the test on error.
  std::string git(const std::string& directory, std::vector<std::string> arguments)
  {
    std::vector<std::string> argv{"git", "-C", (dir() / directory).string(), "-c", "user.name=Test",
                                  "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    auto result = run_process(argv, "");
    EXPECT_EQ(result.exit_code, 0) << result.said();
    return std::string(trim(result.output));
  }

  // A repository in dir()/repo with one commit; returns its id.
  std::string repository_with_a_commit()
  {
    std::filesystem::create_directories(dir() / "repo");
    git("repo", {"init", "-q"});
    write("repo/app/main.py", "print('hi')\n");
    git("repo", {"add", "."});
    git("repo", {"commit", "-q", "-m", "one"});
    return git("repo", {"rev-parse", "HEAD"});
  }
};

TEST_F(GitCheckoutTest, NoCheckoutIsNullopt)
{
  write("plain/app.py", "");
  // dir() is under the temporary directory, which is in no repository.
  ASSERT_FALSE(std::filesystem::exists(std::filesystem::temp_directory_path() / ".git"));
  EXPECT_EQ(find_git_checkout(dir() / "plain"), std::nullopt);
}

TEST_F(GitCheckoutTest, LooseBranchFromASubdirectory)
{
  auto commit = repository_with_a_commit();
  auto checkout = find_git_checkout(dir() / "repo/app");
  ASSERT_TRUE(checkout);
  EXPECT_EQ(checkout->revision, commit);
  EXPECT_EQ(checkout->git_dir, dir() / "repo/.git");
  EXPECT_EQ(checkout->origin_url, "");
  EXPECT_EQ(checkout->files, (std::vector<std::filesystem::path>{dir() / "repo/.git/HEAD", dir() / "repo/.git/refs/heads/main",
                                                                  dir() / "repo/.git/config"}));
}

TEST_F(GitCheckoutTest, PackedRefsAndDetachedHead)
{
  auto first = repository_with_a_commit();
  write("repo/app/main.py", "print('two')\n");
  git("repo", {"commit", "-q", "-am", "two"});
  auto second = git("repo", {"rev-parse", "HEAD"});
  git("repo", {"tag", "-a", "-m", "annotated", "v1", first}); // gives packed-refs a peeled "^" line
  git("repo", {"pack-refs", "--all"});
  ASSERT_FALSE(std::filesystem::exists(dir() / "repo/.git/refs/heads/main"));
  auto packed = find_git_checkout(dir() / "repo");
  EXPECT_EQ(packed->revision, second);
  // A commit writes refs/heads/main again: its directory is what a depfile watches.
  EXPECT_EQ(packed->files, (std::vector<std::filesystem::path>{dir() / "repo/.git/HEAD", dir() / "repo/.git/refs/heads",
                                                                dir() / "repo/.git/packed-refs", dir() / "repo/.git/config"}));
  git("repo", {"checkout", "-q", "--detach", first});
  EXPECT_EQ(find_git_checkout(dir() / "repo")->revision, first);
}

TEST_F(GitCheckoutTest, WorktreeReadsItsHeadAndTheRepositorysBranchesAndConfig)
{
  auto first = repository_with_a_commit();
  git("repo", {"remote", "add", "origin", "git@github.com:acme/app.git"});
  git("repo", {"worktree", "add", "-q", "-b", "feature", "../wt"});
  write("wt/app/main.py", "print('feature')\n");
  git("wt", {"commit", "-q", "-am", "feature"});
  auto feature = git("wt", {"rev-parse", "HEAD"});
  git("repo", {"pack-refs", "--all"});
  ASSERT_TRUE(std::filesystem::is_regular_file(dir() / "wt/.git")); // "gitdir: .../repo/.git/worktrees/wt"
  auto checkout = find_git_checkout(dir() / "wt/app");
  ASSERT_TRUE(checkout);
  EXPECT_EQ(checkout->revision, feature);
  EXPECT_EQ(checkout->git_dir, dir() / "repo/.git/worktrees/wt");
  EXPECT_EQ(checkout->common_dir, dir() / "repo/.git");
  EXPECT_EQ(checkout->origin_url, "git@github.com:acme/app.git");
  EXPECT_EQ(find_git_checkout(dir() / "repo")->revision, first);
}

TEST_F(GitCheckoutTest, UnbornBranchHasNoRevision)
{
  std::filesystem::create_directories(dir() / "repo");
  git("repo", {"init", "-q"});
  auto checkout = find_git_checkout(dir() / "repo");
  ASSERT_TRUE(checkout);
  EXPECT_EQ(checkout->revision, "");
}

TEST_F(GitCheckoutTest, ConfigSyntaxAsGitReadsIt)
{
  repository_with_a_commit();
  // Quotes, an escape, comments, an indented key in other case, a later value winning, a continued line.
  write("repo/.git/config", R"([core]
	bare = false
[remote "upstream"]
	url = https://example.com/upstream.git
[remote "origin"] ; the one
	URL = https://old.example.com/x.git
	url = "https://user:token@example.com/acme/\"app\"" # comment
[remote "origin"]
	fetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
	remote = origin
)");
  EXPECT_EQ(find_git_checkout(dir() / "repo")->origin_url, "https://user:token@example.com/acme/\"app\"");
  EXPECT_EQ(git("repo", {"config", "remote.origin.url"}), "https://user:token@example.com/acme/\"app\"");
  write("repo/.git/config", "[remote \"origin\"]\n\turl = https://example.com/\\\n\tacme/app.git\n");
  EXPECT_EQ(find_git_checkout(dir() / "repo")->origin_url, git("repo", {"config", "remote.origin.url"}));
}

TEST_F(GitCheckoutTest, DamagedPartsAreLeftEmpty)
{
  repository_with_a_commit();
  write("repo/.git/refs/heads/main", "not a commit\n");
  write("repo/.git/config", "[remote \"origin\"]\n\turl = \"unterminated\n");
  auto checkout = find_git_checkout(dir() / "repo");
  ASSERT_TRUE(checkout);
  EXPECT_EQ(checkout->revision, "");
  EXPECT_EQ(checkout->origin_url, "");
}

TEST(BrowsableRepositoryUrl, RemoteUrlsBecomeWebUrls)
{
  struct Case {
    const char* remote;
    std::optional<std::string> web;
  };
  for (const auto& [remote, web] : std::vector<Case>{
         {"git@github.com:acme/app.git", "https://github.com/acme/app"},
         {"github.com:acme/app", "https://github.com/acme/app"},
         {"ssh://git@gitlab.example.com:2222/group/sub/app.git", "https://gitlab.example.com/group/sub/app"},
         {"git://git.kernel.org/pub/scm/git/git.git", "https://git.kernel.org/pub/scm/git/git"},
         {"https://user:ghp_secret@github.com/acme/app.git/", "https://github.com/acme/app"},
         {"https://github.com/acme/app", "https://github.com/acme/app"},
         {"http://localhost:3000/acme/app.git", "http://localhost:3000/acme/app"},
         {"/srv/git/app.git", std::nullopt},
         {"../app", std::nullopt},
         {"./a:b", std::nullopt},
         {"file:///srv/git/app.git", std::nullopt},
         {"https://github.com", std::nullopt},
         {"", std::nullopt},
       }) {
    EXPECT_EQ(browsable_repository_url(remote), web) << remote;
  }
}

} // namespace
} // namespace pycontainer::util
