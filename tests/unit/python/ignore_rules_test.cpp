#include "python/ignore_rules.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

namespace pycontainer::python {
namespace {

IgnoreRules rules_of(std::initializer_list<std::string_view> patterns)
{
  IgnoreRules rules;
  for (auto pattern : patterns) {
    rules.add(pattern);
  }
  return rules;
}

struct IgnoreCase {
  std::initializer_list<std::string_view> rules;
  std::string_view path;
  bool is_directory;
  bool ignored;
};

TEST(IgnoreRulesTest, Table)
{
  const IgnoreCase cases[] = {
    // unanchored: a name at any depth
    {{"*.log"}, "debug.log", false, true},
    {{"*.log"}, "logs/deep/debug.log", false, true},
    {{"*.log"}, "debug.log.txt", false, false},
    {{"secret"}, "a/b/secret", false, true},
    {{"secret"}, "a/secret/key.pem", false, true}, // a matched directory takes what is under it
    {{"secret"}, "a/secrets", false, false},
    // anchored by a leading or middle '/'
    {{"/todo.txt"}, "todo.txt", false, true},
    {{"/todo.txt"}, "docs/todo.txt", false, false},
    {{"docs/build"}, "docs/build", true, true},
    {{"docs/build"}, "docs/build/index.html", false, true},
    {{"docs/build"}, "src/docs/build", true, false},
    {{"doc/*.txt"}, "doc/notes.txt", false, true},
    {{"doc/*.txt"}, "doc/server/arch.txt", false, false}, // '*' does not cross '/'
    // directory only
    {{"cache/"}, "cache", true, true},
    {{"cache/"}, "cache", false, false},
    {{"cache/"}, "x/cache/data.bin", false, true},
    {{"cache/"}, "x/cache", false, false},
    // '**'
    {{"**/fixtures"}, "fixtures", true, true},
    {{"**/fixtures"}, "a/b/fixtures/x.json", false, true},
    {{"a/**/b"}, "a/b", false, true},
    {{"a/**/b"}, "a/x/y/b", false, true},
    {{"a/**/b"}, "a/x/y/c", false, false},
    {{"out/**"}, "out/x/y.o", false, true},
    {{"out/**"}, "out", true, false},
    {{"/**/*.tmp"}, "x/y/z.tmp", false, true},
    // '?' and character classes
    {{"file?.txt"}, "file1.txt", false, true},
    {{"file?.txt"}, "file10.txt", false, false},
    {{"log[0-9].txt"}, "log7.txt", false, true},
    {{"log[0-9].txt"}, "logx.txt", false, false},
    {{"log[!0-9].txt"}, "logx.txt", false, true},
    {{"log[^0-9].txt"}, "log7.txt", false, false},
    {{"[ab]c"}, "bc", false, true},
    // escapes
    {{"\\#notes"}, "#notes", false, true},
    {{"\\!important"}, "!important", false, true},
    {{"star\\*"}, "star*", false, true},
    {{"star\\*"}, "stars", false, false},
    {{"trailing\\ "}, "trailing ", false, true},
    {{"spaces   "}, "spaces", false, true},
    // comments and blank lines
    {{"# *.py", "", "   "}, "main.py", false, false},
    // negation, the last matching rule wins
    {{"*.md", "!README.md"}, "README.md", false, false},
    {{"*.md", "!README.md"}, "CHANGES.md", false, true},
    {{"!README.md", "*.md"}, "README.md", false, true},
    {{"docs/", "!docs/index.md"}, "docs/index.md", false, false},
    {{"docs/", "!docs/index.md"}, "docs/other.md", false, true},
    {{"*", "!src"}, "src/pkg/mod.py", false, false},
    {{"*", "!src"}, "setup.cfg", false, true},
    // .dockerignore's "./" prefix
    {{"./node_modules"}, "node_modules", true, true},
    {{"./node_modules"}, "web/node_modules", true, false}, // anchored, as Docker reads it
    {{"./data/raw"}, "data/raw/x.csv", false, true},
    {{"./data/raw"}, "x/data/raw", true, false},
  };
  for (const auto& c : cases) {
    std::string rules;
    for (auto rule : c.rules) {
      rules += "'" + std::string(rule) + "' ";
    }
    EXPECT_EQ(rules_of(c.rules).ignored(c.path, c.is_directory), c.ignored)
      << "rules " << rules << "path '" << c.path << "'" << (c.is_directory ? " (directory)" : "");
  }
}

TEST(IgnoreRulesTest, MayIncludeBelowOnlyWhereANegationCanReach)
{
  auto rules = rules_of({"node_modules/", "docs/", "!docs/api/index.md"});
  EXPECT_FALSE(rules.may_include_below("node_modules"));
  EXPECT_TRUE(rules.may_include_below("docs"));
  EXPECT_TRUE(rules.may_include_below("docs/api"));
  EXPECT_FALSE(rules.may_include_below("docs/guide"));
  EXPECT_TRUE(rules_of({"*", "!*.py"}).may_include_below("anything"));
  EXPECT_TRUE(rules_of({"build", "!build/**/keep"}).may_include_below("build/a/b"));
  EXPECT_FALSE(rules_of({"build"}).may_include_below("build"));
}

class IgnoreRulesFileTest : public test::TempDirTest {};

TEST_F(IgnoreRulesFileTest, AddsEveryLineOfAFile)
{
  auto file = write(".dockerignore", "# build outputs\r\n./dist\r\n*.egg-info/\n\n!keep.egg-info\n");
  IgnoreRules rules;
  rules.add_file(file);
  rules.add_file(dir() / "missing");
  EXPECT_TRUE(rules.ignored("dist", true));
  EXPECT_TRUE(rules.ignored("hello.egg-info/PKG-INFO", false));
  EXPECT_FALSE(rules.ignored("keep.egg-info/PKG-INFO", false));
  EXPECT_FALSE(rules.ignored("src/main.py", false));
  EXPECT_FALSE(rules.empty());

  IgnoreRules none;
  none.add_file(dir() / ".pycontainerignore");
  EXPECT_TRUE(none.empty());
}

TEST(IgnoreGlobMatchTest, Table)
{
  struct Case {
    std::string_view pattern;
    std::string_view path;
    bool matches;
  };
  const Case cases[] = {
    {"*", "abc", true},
    {"*", "a/b", false},
    {"**", "a/b/c", true},
    {"a*c", "abbbc", true},
    {"a*c", "ab/c", false},
    {"*.py", ".py", true},
    {"**/x", "x", true},
    {"**/x", "a/b/x", true},
    {"**/x", "a/bx", false},
    {"a/**", "a/b/c", true},
    {"a/**", "a", false},
    {"a**b", "axxb", true}, // not a whole component: an ordinary '*'
    {"a**b", "ax/b", false},
    {"[a-c]x", "bx", true},
    {"[]]x", "]x", true},
    {"[a-]x", "-x", true},
    {"[x", "[x", true}, // unclosed class: a literal '['
    {"?", "/", false},
    {"[/]", "/", false},
    {"\\*", "*", true},
    {"\\*", "a", false},
    {"*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
  };
  for (const auto& [pattern, path, matches] : cases) {
    EXPECT_EQ(glob_match(pattern, path), matches) << "'" << pattern << "' vs '" << path << "'";
  }
}

} // namespace
} // namespace pycontainer::python
