// Unit tests of the package index pages (PEP 503 HTML, PEP 691 JSON): links resolved against the page
// (or its <base>), hashes from fragments, yanked and requires-python, entities; file names of projects.
#include "remote/registry_error.hpp"
#include "remote/simple_index.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::remote {
namespace {

constexpr const char* k_page = "https://index.example/simple/flask/";

TEST(SimpleIndexHtml, AnchorsResolvedWithHashesYankedAndRequiresPython)
{
  auto files = parse_simple_html(k_page, R"(<!DOCTYPE html>
<html><body><h1>Links for flask</h1>
<!-- <a href="commented-1.0-py3-none-any.whl">no</a> -->
<a href="../../packages/Flask-3.0.0-py3-none-any.whl#sha256=ABCDEF01" data-requires-python="&gt;=3.8">Flask-3.0.0-py3-none-any.whl</a><br/>
<A HREF='https://files.example/f/flask-2.0.0.tar.gz#md5=00ff' data-yanked>flask-2.0.0.tar.gz</A>
<a href=Flask-1.0%2Blocal-py2.py3-none-any.whl data-yanked="broken &amp; old">x</a>
<a name="no-href">skip</a>
<abbr href="not-a-link.whl">skip</abbr>
</body></html>)");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].url, "https://index.example/packages/Flask-3.0.0-py3-none-any.whl");
  EXPECT_EQ(files[0].filename, "Flask-3.0.0-py3-none-any.whl");
  EXPECT_EQ(files[0].hashes, std::vector<std::string>{"sha256:abcdef01"});
  EXPECT_EQ(files[0].requires_python, ">=3.8");
  EXPECT_FALSE(files[0].yanked);
  EXPECT_EQ(files[1].url, "https://files.example/f/flask-2.0.0.tar.gz");
  EXPECT_EQ(files[1].hashes, std::vector<std::string>{"md5:00ff"});
  EXPECT_TRUE(files[1].yanked);
  EXPECT_EQ(files[2].url, "https://index.example/simple/flask/Flask-1.0%2Blocal-py2.py3-none-any.whl");
  EXPECT_EQ(files[2].filename, "Flask-1.0+local-py2.py3-none-any.whl");
  EXPECT_TRUE(files[2].hashes.empty());
  EXPECT_TRUE(files[2].yanked);
}

TEST(SimpleIndexHtml, BaseHrefAndEntitiesInHref)
{
  auto files = parse_simple_html(k_page, R"(<base href="/mirror/"><a href="a/x-1.0-py3-none-any.whl?x=1&amp;y=2#sha256=aa">x</a>)");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].url, "https://index.example/mirror/a/x-1.0-py3-none-any.whl?x=1&y=2");
  EXPECT_EQ(files[0].filename, "x-1.0-py3-none-any.whl");
  EXPECT_EQ(files[0].hashes, std::vector<std::string>{"sha256:aa"});
}

TEST(SimpleIndexHtml, EntitiesDecoded)
{
  EXPECT_EQ(decode_html_entities("&lt;4,&gt;=3.8 &amp;&quot;&apos;&#39;&#x41;&#66; &bogus; & &#xZZ;"),
            "<4,>=3.8 &\"''AB &bogus; & &#xZZ;");
  EXPECT_EQ(decode_html_entities("&#233;"), "\xc3\xa9");
}

TEST(SimpleIndexJson, FilesWithHashesYankedAndRelativeUrls)
{
  auto files = parse_simple_json(k_page, R"({"meta": {"api-version": "1.1"}, "name": "flask", "files": [
    {"filename": "Flask-3.0.0-py3-none-any.whl", "url": "https://files.example/Flask-3.0.0-py3-none-any.whl",
     "hashes": {"sha256": "ABCD"}, "requires-python": ">=3.8", "yanked": false},
    {"filename": "flask-2.0.0.tar.gz", "url": "../../p/flask-2.0.0.tar.gz", "hashes": {}, "yanked": "bad release"},
    {"filename": "flask-1.0.0.tar.gz", "url": "flask-1.0.0.tar.gz#sha256=ee", "yanked": true}]})");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].hashes, std::vector<std::string>{"sha256:abcd"});
  EXPECT_EQ(files[0].requires_python, ">=3.8");
  EXPECT_FALSE(files[0].yanked);
  EXPECT_EQ(files[1].url, "https://index.example/p/flask-2.0.0.tar.gz");
  EXPECT_TRUE(files[1].hashes.empty());
  EXPECT_TRUE(files[1].yanked);
  EXPECT_EQ(files[2].url, "https://index.example/simple/flask/flask-1.0.0.tar.gz");
  EXPECT_EQ(files[2].hashes, std::vector<std::string>{"sha256:ee"}); // no "hashes": the fragment's
  EXPECT_TRUE(files[2].yanked);
}

TEST(SimpleIndexJson, NotAProjectPageIsAnErrorNamingThePage)
{
  for (const char* body : {"<html>", "[]", R"({"name": "x"})", R"({"files": [{"filename": "x"}]})"}) {
    try {
      parse_simple_json(k_page, body);
      ADD_FAILURE() << body;
    } catch (const RegistryError& error) {
      EXPECT_NE(std::string(error.what()).find(k_page), std::string::npos) << error.what();
    }
  }
}

TEST(SimpleIndex, ProjectOfFilename)
{
  EXPECT_EQ(project_of_filename("Flask-3.0.0-py3-none-any.whl"), "flask");
  EXPECT_EQ(project_of_filename("zope.interface-6.0-cp311-cp311-manylinux_2_17_x86_64.whl"), "zope-interface");
  EXPECT_EQ(project_of_filename("zope.interface-6.0.tar.gz"), "zope-interface");
  EXPECT_EQ(project_of_filename("typing-extensions-4.0.zip"), "typing-extensions");
  EXPECT_EQ(project_of_filename("README.txt"), "");
}

TEST(SimpleIndex, HashOfFragment)
{
  EXPECT_EQ(hash_of_fragment("https://x/a.whl#sha256=AB"), "sha256:ab");
  EXPECT_EQ(hash_of_fragment("https://x/a.whl#egg=a&sha512=cd"), "sha512:cd");
  EXPECT_EQ(hash_of_fragment("https://x/a.whl#egg=a"), "");
  EXPECT_EQ(hash_of_fragment("https://x/a.whl"), "");
}

} // namespace
} // namespace pycontainer::remote
