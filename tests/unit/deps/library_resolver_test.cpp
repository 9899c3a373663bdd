#include "deps/library_resolver.hpp"

#include "compiled_elf.hpp"
#include "link_objects.hpp"
#include "test_support.hpp"

namespace pycontainer::deps {
namespace {

using test::k_x86_64;

ViewNode library(bool own = false, std::uint16_t machine = k_x86_64, bool is_64 = true)
{
  return {ViewNode::Kind::regular, "", machine, is_64, own};
}

ViewNode link(std::string target)
{
  return {ViewNode::Kind::symlink, std::move(target), 0, false, false};
}

LinkObject object(std::string path, std::optional<std::string> rpath = {}, std::optional<std::string> runpath = {})
{
  return test::link_object(std::move(path), std::move(rpath), std::move(runpath));
}

// A Debian-like base: merged /usr, multiarch libraries, ld.so.conf including ld.so.conf.d.
FileView debian_base()
{
  FileView view;
  view.add("/lib", link("usr/lib"));
  view.add("/lib64", link("usr/lib64"));
  view.add("/usr/lib/x86_64-linux-gnu/libc.so.6", library());
  view.add("/usr/lib/x86_64-linux-gnu/libz.so.1", link("libz.so.1.2.13"));
  view.add("/usr/lib/x86_64-linux-gnu/libz.so.1.2.13", library());
  view.add("/etc/ld.so.conf", library(false, 0, false));
  view.set_content("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n");
  view.set_content("/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n");
  view.add("/etc/ld.so.conf.d/libc.conf", library(false, 0, false));
  view.set_content("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", "/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n");
  view.add("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", library(false, 0, false));
  return view;
}

std::vector<std::string> paths(const LibrarySearch& search)
{
  std::vector<std::string> result;
  for (const auto& directory : search.searched) {
    result.push_back(directory.path);
  }
  return result;
}

TEST(LdSoConf, IncludedFilesAreReadInNameOrderRelativeToTheIncludingFile)
{
  auto view = debian_base();
  view.set_content("/etc/ld.so.conf", "include ld.so.conf.d/*.conf\n/opt/first=libc6 # old form\nhwcap 0 nosegneg\n");
  EXPECT_EQ(ld_so_conf_directories(view),
            (std::vector<std::string>{"/usr/local/lib", "/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
                                      "/opt/first"}));
}

TEST(LibraryResolver, FindsTheBasesLibrariesInTheSystemDirectoriesThroughItsLinks)
{
  auto view = debian_base();
  LibraryResolver resolver(view, {});
  auto search = resolver.find("libz.so.1", object("/app/ext.so"), {});
  EXPECT_EQ(search.found, "/lib/x86_64-linux-gnu/libz.so.1");
  auto missing = resolver.find("libstdc++.so.6", object("/app/ext.so"), {});
  EXPECT_FALSE(missing.found.has_value());
  EXPECT_EQ(paths(missing), (std::vector<std::string>{"/usr/local/lib", "/usr/local/lib/x86_64-linux-gnu",
                                                      "/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
                                                      "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib",
                                                      "/usr/lib"}));
}

TEST(LibraryResolver, ExpandsOriginInTheRunpathToTheObjectsDirectoryInTheImage)
{
  auto view = debian_base();
  view.add("/app/lib/libgeom.so.1", library(true));
  LibraryResolver resolver(view, {});
  auto search = resolver.find("libgeom.so.1", object("/app/pkg/ext.so", {}, "${ORIGIN}/../lib:/work/build"), {});
  EXPECT_EQ(search.found, "/app/pkg/../lib/libgeom.so.1");
  ASSERT_GE(search.searched.size(), 2u);
  EXPECT_EQ(search.searched[0].origin, "DT_RUNPATH of /app/pkg/ext.so");
  EXPECT_FALSE(search.searched[0].missing_absolute);
  EXPECT_FALSE(resolver.find("libgeom.so.1", object("/x/ext.so", {}, "$ORIGIN/../lib"), {}).searched[0].missing_absolute);
  EXPECT_EQ(search.searched[1].path, "/work/build");
  EXPECT_TRUE(search.searched[1].missing_absolute);
}

TEST(LibraryResolver, TheRpathOfTheLoadersCountsOnlyWithoutARunpath)
{
  auto view = debian_base();
  view.add("/opt/x/lib/libbase.so", library(true));
  LibraryResolver resolver(view, {});
  auto loader = object("/app/ext.so", "/opt/x/lib");
  EXPECT_TRUE(resolver.find("libbase.so", object("/opt/geom/libgeom.so"), {&loader}).found.has_value());
  EXPECT_FALSE(resolver.find("libbase.so", object("/opt/geom/libgeom.so", {}, ""), {&loader}).found.has_value());
  // An object's DT_RUNPATH hides its own DT_RPATH too.
  EXPECT_FALSE(resolver.find("libbase.so", object("/app/ext.so", "/opt/x/lib", "/nowhere"), {}).found.has_value());
}

TEST(LibraryResolver, LdLibraryPathComesBeforeTheRunpath)
{
  auto view = debian_base();
  view.add("/env/libgeom.so.1", library(true));
  view.add("/run/libgeom.so.1", library(true));
  LibraryResolver resolver(view, {Libc::glibc, "/env"});
  EXPECT_EQ(resolver.find("libgeom.so.1", object("/app/ext.so", {}, "/run"), {}).found, "/env/libgeom.so.1");
  EXPECT_EQ(resolver.find("libgeom.so.1", object("/app/ext.so", "/run"), {}).found, "/run/libgeom.so.1");
}

TEST(LibraryResolver, SkipsCandidatesOfAnotherClassOrMachine)
{
  auto view = debian_base();
  view.add("/a/libgeom.so.1", library(true, k_x86_64, false));
  view.add("/b/libgeom.so.1", library(true, 183, true));
  view.add("/c/libgeom.so.1", library(true));
  LibraryResolver resolver(view, {});
  EXPECT_EQ(resolver.find("libgeom.so.1", object("/app/ext.so", {}, "/a:/b:/c"), {}).found, "/c/libgeom.so.1");
}

TEST(LibraryResolver, OurLibrariesInLdSoConfDirectoriesAreNotInTheLoadersCache)
{
  auto view = debian_base();
  view.add("/usr/local/lib/libgeom.so.1", library(true));
  view.add("/usr/local/lib/libbase.so", library(false));
  LibraryResolver resolver(view, {});
  EXPECT_FALSE(resolver.find("libgeom.so.1", object("/app/ext.so"), {}).found.has_value());
  EXPECT_EQ(resolver.find("libbase.so", object("/app/ext.so"), {}).found, "/usr/local/lib/libbase.so");
}

TEST(LibraryResolver, ANameWithASlashIsAPath)
{
  auto view = debian_base();
  view.add("/app/lib/libgeom.so.1", library(true));
  LibraryResolver resolver(view, {});
  EXPECT_TRUE(resolver.find("/app/lib/libgeom.so.1", object("/app/ext.so"), {}).found.has_value());
  EXPECT_FALSE(resolver.find("lib/libgeom.so.1", object("/app/ext.so", {}, "/app"), {}).found.has_value());
}

TEST(LibraryResolver, MuslSearchesItsPathFileOrItsDefaultAndEitherRunpath)
{
  FileView view;
  view.add("/usr/local/lib/libgeom.so.1", library(true));
  view.add("/opt/libbase.so", library(true));
  LibraryResolver resolver(view, {Libc::musl, ""});
  auto search = resolver.find("libgeom.so.1", object("/app/ext.so"), {});
  EXPECT_EQ(search.found, "/usr/local/lib/libgeom.so.1");
  EXPECT_EQ(paths(search), (std::vector<std::string>{"/lib", "/usr/local/lib", "/usr/lib"}));
  auto loader = object("/app/ext.so", {}, "/opt");
  EXPECT_TRUE(resolver.find("libbase.so", object("/app/libgeom.so.1"), {&loader}).found.has_value());

  view.add("/etc/ld-musl-x86_64.path", library(false, 0, false));
  view.set_content("/etc/ld-musl-x86_64.path", "/lib\n/opt/musl:/usr/lib\n");
  LibraryResolver configured(view, {Libc::musl, ""});
  EXPECT_EQ(paths(configured.find("libgeom.so.1", object("/app/ext.so"), {})),
            (std::vector<std::string>{"/lib", "/opt/musl", "/usr/lib"}));
}

TEST(LibraryResolver, TheLoaderIsMuslsWhenTheImageHasIt)
{
  auto view = debian_base();
  EXPECT_EQ(loader_libc(view), Libc::glibc);
  view.add("/lib/ld-musl-x86_64.so.1", library());
  EXPECT_EQ(loader_libc(view), Libc::musl);
}

class LibraryResolverOnRealFiles : public test::TempDirTest {};

TEST_F(LibraryResolverOnRealFiles, AnExtensionFindsItsLibraryThroughItsOriginRunpath)
{
  auto library_file = test::compile_elf(dir() / "lib" / "libgeom.so.1", "int area() { return 4; }",
                                        {"-shared", "-Wl,-soname,libgeom.so.1"});
  auto module_file = test::compile_elf(dir() / "pkg" / "ext.so", "int area(); int twice() { return 2 * area(); }",
                                       {"-shared", library_file.string(), "-Wl,-rpath,$ORIGIN/../lib",
                                        "-Wl,--enable-new-dtags"});
  auto module_elf = read_elf(module_file);
  auto library_elf = read_elf(library_file);
  ASSERT_TRUE(module_elf && library_elf);
  auto view = debian_base();
  view.add("/app/lib/libgeom.so.1", {ViewNode::Kind::regular, "", library_elf->machine, library_elf->is_64, true});
  LibraryResolver resolver(view, {});
  LinkObject module{"/app/pkg/ext.so", *module_elf, ""};
  ASSERT_EQ(std::count(module_elf->needed.begin(), module_elf->needed.end(), "libgeom.so.1"), 1);
  EXPECT_EQ(resolver.find("libgeom.so.1", module, {}).found, "/app/pkg/../lib/libgeom.so.1");
  view.remove("/app/lib");
  LibraryResolver without(view, {});
  EXPECT_FALSE(without.find("libgeom.so.1", module, {}).found.has_value());
}

} // namespace
} // namespace pycontainer::deps
