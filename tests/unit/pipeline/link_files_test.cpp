#include "pipeline/link_files.hpp"

#include "../deps/compiled_elf.hpp"
#include "../test_support.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace pycontainer::pipeline {
namespace {

using deps::ViewNode;

class LinkFilesTest : public test::TempDirTest {
protected:
  // A layer as the planner makes it: /app, a shared library with its SONAME link, and a Python file.
  project::LayerPlan native_layer()
  {
    auto library = test::compile_elf(dir() / "libgeom.so.1.0", "int area(int w, int h) { return w * h; }",
                                     {"-shared", "-Wl,-soname,libgeom.so.1", "-Wl,-rpath,$ORIGIN/../lib",
                                      "-Wl,--enable-new-dtags"});
    auto script = write("main.py", "print('a Python file, long enough to be read as a candidate ELF file')\n");
    project::LayerPlan layer;
    layer.name = "files-0";
    auto add = [&](std::string path, layer::EntryType type, std::string source, std::string link_target = "") {
      layer::Entry entry;
      entry.path = std::move(path);
      entry.type = type;
      entry.source = std::move(source);
      entry.link_target = std::move(link_target);
      layer.entries.push_back(std::move(entry));
    };
    add("app", layer::EntryType::directory, "");
    add("app/libgeom.so.1.0", layer::EntryType::regular, library.string());
    add("app/libgeom.so.1", layer::EntryType::symlink, "", "libgeom.so.1.0");
    add("app/main.py", layer::EntryType::regular, script.string());
    return layer;
  }

  LayersRecord record_of(const std::string& content)
  {
    LayersRecord record;
    LayerRecord layer;
    layer.diff_id = oci::Digest::of(content);
    record.layers.push_back(layer);
    record.link_files = dir() / "files-0.links.json";
    return record;
  }
};

TEST_F(LinkFilesTest, ReadsEveryPathAndTheElfFiles)
{
  auto files = link_files(native_layer());
  ASSERT_EQ(files.paths.size(), 4u);
  EXPECT_EQ(files.paths[0].first, "/app");
  EXPECT_EQ(files.paths[0].second.kind, ViewNode::Kind::directory);
  EXPECT_EQ(files.paths[1].second.kind, ViewNode::Kind::regular);
  EXPECT_EQ(files.paths[1].second.elf_machine, 62); // x86-64, as this machine's g++ builds
  EXPECT_TRUE(files.paths[1].second.elf_64);
  EXPECT_EQ(files.paths[2].second.kind, ViewNode::Kind::symlink);
  EXPECT_EQ(files.paths[2].second.link_target, "libgeom.so.1.0");
  EXPECT_EQ(files.paths[3].second.elf_machine, 0); // main.py
  for (const auto& [path, node] : files.paths) {
    EXPECT_TRUE(node.own) << path;
  }
  ASSERT_EQ(files.objects.size(), 1u);
  const auto& object = files.objects.front();
  EXPECT_EQ(object.path, "/app/libgeom.so.1.0");
  EXPECT_EQ(object.elf.soname, "libgeom.so.1");
  EXPECT_EQ(object.elf.runpath, "$ORIGIN/../lib");
  EXPECT_EQ(object.about, "'" + (dir() / "libgeom.so.1.0").string() + "', layer \"files-0\"");
}

TEST_F(LinkFilesTest, WrittenBesideARecordTheyReadBackAsTheyWere)
{
  auto files = link_files(native_layer());
  auto record = record_of("layer");
  write_link_files(record.link_files, record.layers, {files});
  auto read = read_link_files(record, dir() / "files-0.json");
  ASSERT_EQ(read.size(), 1u);
  ASSERT_EQ(read[0].paths.size(), files.paths.size());
  for (std::size_t i = 0; i < files.paths.size(); ++i) {
    const auto& [path, node] = read[0].paths[i];
    EXPECT_EQ(path, files.paths[i].first);
    EXPECT_EQ(node.kind, files.paths[i].second.kind) << path;
    EXPECT_EQ(node.link_target, files.paths[i].second.link_target) << path;
    EXPECT_EQ(node.elf_machine, files.paths[i].second.elf_machine) << path;
    EXPECT_EQ(node.elf_64, files.paths[i].second.elf_64) << path;
    EXPECT_TRUE(node.own) << path;
  }
  ASSERT_EQ(read[0].objects.size(), 1u);
  const auto& object = read[0].objects[0];
  const auto& original = files.objects[0];
  EXPECT_EQ(object.path, original.path);
  EXPECT_EQ(object.about, original.about);
  EXPECT_EQ(object.elf.machine, original.elf.machine);
  EXPECT_EQ(object.elf.is_64, original.elf.is_64);
  EXPECT_EQ(object.elf.needed, original.elf.needed);
  EXPECT_EQ(object.elf.rpath, std::nullopt); // --enable-new-dtags: a DT_RUNPATH only
  EXPECT_EQ(object.elf.runpath, original.elf.runpath);
  EXPECT_EQ(object.elf.soname, original.elf.soname);
}

TEST_F(LinkFilesTest, ARecordOfAnOlderPycontainerIsNamed)
{
  LayersRecord record;
  record.layers.resize(1);
  try {
    read_link_files(record, "/b/app.json");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_EQ(error.message(), "record '/b/app.json' names no link files for the link check (an older pycontainer wrote "
                               "it): delete it, and the step that writes it runs again");
  }
}

TEST_F(LinkFilesTest, FilesOfOtherLayersAreRefused)
{
  auto written = record_of("the layer they describe");
  write_link_files(written.link_files, written.layers, {link_files(native_layer())});
  auto record = record_of("another layer");
  try {
    read_link_files(record, dir() / "files-0.json");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("link files '" + record.link_files.string() + "' of record '" +
                                   (dir() / "files-0.json").string() + "'"),
              std::string::npos)
      << error.message();
    EXPECT_NE(error.message().find("they describe layer " + written.layers[0].diff_id.str() + ", the record " +
                                   record.layers[0].diff_id.str() + ": run the step again"),
              std::string::npos)
      << error.message();
  }
}

TEST_F(LinkFilesTest, DamagedOrMissingFilesAreNamed)
{
  auto record = record_of("layer");
  EXPECT_THROW(read_link_files(record, dir() / "files-0.json"), UsageError); // not written
  write(record.link_files.filename().string(), "{\"format\": \"pycontainer link files 1\", \"layers\": [{\"diff_id\": 1}]}");
  try {
    read_link_files(record, dir() / "files-0.json");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("layers[0]: diff_id: expected a string"), std::string::npos) << error.message();
  }
  write(record.link_files.filename().string(), "not JSON");
  try {
    read_link_files(record, dir() / "files-0.json");
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("not \"pycontainer link files 1\" JSON"), std::string::npos) << error.message();
  }
}

} // namespace
} // namespace pycontainer::pipeline
