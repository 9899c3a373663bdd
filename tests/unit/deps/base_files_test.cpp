#include "deps/base_files.hpp"
#include "deps/library_resolver.hpp"

#include "compiled_elf.hpp"
#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "test_support.hpp"
#include "util/file.hpp"

namespace pycontainer::deps {
namespace {

class BaseFilesTest : public test::TempDirTest {
protected:
  layer::Entry file(const std::string& path, const std::string& content)
  {
    layer::Entry entry;
    entry.path = path;
    entry.source = write("files/" + path, content).string();
    return entry;
  }
  layer::Entry from(const std::string& path, const std::filesystem::path& source)
  {
    layer::Entry entry;
    entry.path = path;
    entry.source = source.string();
    return entry;
  }
  layer::Entry link(const std::string& path, const std::string& target)
  {
    layer::Entry entry;
    entry.path = path;
    entry.type = layer::EntryType::symlink;
    entry.link_target = target;
    return entry;
  }

  std::pair<std::filesystem::path, std::string> layer(const std::vector<layer::Entry>& entries)
  {
    auto layout = layout::Layout::open_or_create(dir() / "layout");
    auto result = layer::write_layer(entries, layer::Options{}, layout);
    return {layout.blobs_directory() / result.descriptor.digest.encoded(), result.descriptor.media_type};
  }
};

TEST_F(BaseFilesTest, KeepsTypesLinksLibraryMachinesAndTheLoadersConfigurationAcrossLayers)
{
  auto libz = test::compile_elf(dir() / "built" / "libz.so.1.2.13", "int z() { return 1; }", {"-shared"});
  auto bottom = layer({file("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n"),
                       file("etc/ld.so.conf.d/libc.conf", "/usr/local/lib\n\t# tab\\ and backslash\n"),
                       from("usr/lib/x86_64-linux-gnu/libz.so.1.2.13", libz),
                       link("usr/lib/x86_64-linux-gnu/libz.so.1", "libz.so.1.2.13"), link("lib", "usr/lib"),
                       file("usr/lib/x86_64-linux-gnu/gone.so", "\x7f" "ELF"), file("opt/old/a.txt", "a")});
  // The layer above removes a file and empties a directory, as OCI whiteouts do.
  auto top = layer({file("usr/lib/x86_64-linux-gnu/.wh.gone.so", ""), file("opt/old/.wh..wh..opq", ""),
                    file("opt/old/b.txt", "b")});
  auto cache = dir() / "cache";
  for (int pass = 0; pass < 2; ++pass) { // read from the layers, then from the cache
    auto view = base_file_view({bottom, top}, cache);
    auto library = view.resolve("/lib/x86_64-linux-gnu/libz.so.1");
    ASSERT_TRUE(library.has_value()) << pass;
    EXPECT_EQ(library->first, "/usr/lib/x86_64-linux-gnu/libz.so.1.2.13");
    EXPECT_EQ(library->second->elf_machine, 62);
    EXPECT_TRUE(library->second->elf_64);
    EXPECT_EQ(view.find("/usr/lib/x86_64-linux-gnu/gone.so"), nullptr);
    EXPECT_EQ(view.find("/opt/old/a.txt"), nullptr);
    EXPECT_NE(view.find("/opt/old/b.txt"), nullptr);
    EXPECT_EQ(view.content("/etc/ld.so.conf.d/libc.conf"), "/usr/local/lib\n\t# tab\\ and backslash\n");
    EXPECT_EQ(ld_so_conf_directories(view), std::vector<std::string>{"/usr/local/lib"});
  }
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(cache / "deps" / "base"), {}), 1);
}

TEST_F(BaseFilesTest, ALayerReplacingTheLoadersConfigurationGivesItsContent)
{
  auto bottom = layer({file("etc/ld.so.conf", "/opt/old\n")});
  auto top = layer({file("etc/ld.so.conf", "/opt/new\n")});
  EXPECT_EQ(ld_so_conf_directories(base_file_view({bottom, top}, {})), std::vector<std::string>{"/opt/new"});
}

TEST_F(BaseFilesTest, ADamagedCacheFileIsReadAgainFromTheLayers)
{
  auto base = layer({file("etc/ld.so.conf", "/opt/lib\n")});
  auto cache = dir() / "cache";
  base_file_view({base}, cache);
  auto cached = std::filesystem::directory_iterator(cache / "deps" / "base")->path();
  util::write_file_atomic(cached, "pycontainer base files 1\nx\t/etc\n");
  EXPECT_EQ(ld_so_conf_directories(base_file_view({base}, cache)), std::vector<std::string>{"/opt/lib"});
  EXPECT_TRUE(util::read_file(cached).find("x\t/etc") == std::string::npos);
}

} // namespace
} // namespace pycontainer::deps
