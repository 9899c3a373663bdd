#include "deps/image_view.hpp"

#include "compiled_elf.hpp"
#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "test_support.hpp"

namespace pycontainer::deps {
namespace {

class ImageViewTest : public test::TempDirTest {
protected:
  layer::Entry from(const std::string& path, const std::filesystem::path& source)
  {
    layer::Entry entry;
    entry.path = path;
    entry.source = source.string();
    return entry;
  }
  layer::Entry file(const std::string& path, const std::string& content)
  {
    return from(path, write("files/" + path, content));
  }

  ImageLayer layer(const std::vector<layer::Entry>& entries, bool own)
  {
    auto layout = layout::Layout::open_or_create(dir() / "layout");
    auto result = layer::write_layer(entries, layer::Options{}, layout);
    return {layout.blobs_directory() / result.descriptor.digest.encoded(), result.descriptor.media_type, own,
            "layer " + std::to_string(++m_layers)};
  }

private:
  int m_layers = 0;
};

TEST_F(ImageViewTest, TheOwnLayersELFFilesAreReadWholeAndPythonsConfigurationKept)
{
  auto libgeom = test::compile_elf(dir() / "built" / "libgeom.so.1", "int geom() { return 1; }",
                                   {"-shared", "-Wl,-soname,libgeom.so.1"});
  auto extension = test::compile_elf(dir() / "built" / "ext.so", "int geom(); int ext() { return geom(); }",
                                     {"-shared", "-L" + libgeom.parent_path().string(), "-l:libgeom.so.1",
                                      "-Wl,-rpath,$ORIGIN/../lib"});
  auto base = layer({from("usr/lib/x86_64-linux-gnu/libbase.so.1", libgeom), from("usr/bin/tool", extension),
                     file("usr/lib/python3/dist-packages/base.pth", "/opt/base\n")},
                    false);
  auto own = layer({from("app/native/ext.so", extension), from("app/lib/libgeom.so.1", libgeom),
                    from("app/bin/ext-copy", extension), file("app/.venv/pyvenv.cfg", "home = /usr/bin\n"),
                    file("app/script.py", "print(1)\n")},
                   true);
  auto top = layer({file("app/bin/ext-copy", "no longer ELF")}, true);
  auto image = read_image_view({base, own, top}, "amd64");

  std::vector<std::string> paths;
  for (const auto& object : image.own_objects) {
    paths.push_back(object.path);
    EXPECT_EQ(object.about, "layer 2");
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"/app/lib/libgeom.so.1", "/app/native/ext.so"}))
    << "the base's ELF files are trusted, a file replaced is gone";
  const auto& ext = image.own_objects[1];
  EXPECT_EQ(ext.elf.needed.front(), "libgeom.so.1");
  EXPECT_EQ(ext.elf.runpath, "$ORIGIN/../lib");
  EXPECT_EQ(image.own_objects[0].elf.soname, "libgeom.so.1");
  EXPECT_TRUE(image.files.find("/app/native/ext.so")->own);
  EXPECT_FALSE(image.files.find("/usr/lib/x86_64-linux-gnu/libbase.so.1")->own);
  EXPECT_EQ(image.files.find("/usr/lib/x86_64-linux-gnu/libbase.so.1")->elf_machine, 62);
  EXPECT_EQ(image.files.content("/app/.venv/pyvenv.cfg"), "home = /usr/bin\n");
  EXPECT_EQ(image.files.content("/usr/lib/python3/dist-packages/base.pth"), "/opt/base\n");
  EXPECT_EQ(image.files.content("/app/script.py"), std::nullopt);

  EXPECT_TRUE(read_image_view({base, own}, "arm64").own_objects.empty()) << "only the image's architecture is checked";
}

} // namespace
} // namespace pycontainer::deps
