#include "pipeline/builder.hpp"
#include "pipeline/records.hpp"
#include "pipeline/step_commands.hpp"
#include "pipeline/steps.hpp"

#include "layout/layout.hpp"
#include "oci/manifest.hpp"
#include "test_support.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>

namespace pycontainer::pipeline {
namespace {

class PipelineTest : public test::TempDirTest {
protected:
  void SetUp() override
  {
    TempDirTest::SetUp();
    write("app/pyproject.toml", "[project]\nname = \"demo\"\nversion = \"1.0\"\n");
    write("app/demo/__init__.py", "");
    write("app/demo/__main__.py", "print('hello')\n");
    write("native/libfast.txt", "not an ELF file\n");
  }

  // A request as `pycontainer build --context app --base-image scratch --output OUT` makes it.
  project::BuildRequest request(const std::string& output) const
  {
    project::BuildRequest request;
    request.context = dir() / "app";
    request.command_line.base_image = "scratch";
    request.command_line.output = (dir() / output).string();
    request.cache_directory = dir() / "cache";
    return request;
  }

  project::FileGroup native_group() const { return {"files", {dir() / "native/libfast.txt"}, "/opt/native"}; }

  StepOutputs outputs(const std::string& step) const
  {
    return {dir() / (step + ".json"), dir() / ("staging-" + step), dir() / (step + ".d"), {}};
  }

  static oci::Manifest manifest_of(const layout::Layout& layout, const oci::Descriptor& descriptor)
  {
    return oci::Manifest::parse(layout.read_blob(descriptor.digest), "manifest");
  }
};

TEST_F(PipelineTest, BuildAndTheStepsMakeOneImage)
{
  auto direct_request = request("direct");
  direct_request.file_groups.push_back(native_group());
  auto direct = run_build(project::plan_build(direct_request), {}, nullptr);

  auto steps_request = request("steps");
  run_base_step(steps_request, {}, outputs("base"));
  run_layer_step(steps_request, dir() / "base.json", nullptr, outputs("app"), "app");
  auto files_request = steps_request;
  files_request.file_groups.push_back(native_group());
  run_layer_step(files_request, dir() / "base.json", nullptr, outputs("files"), "");
  auto assembled = run_assemble_step(steps_request, dir() / "base.json", {dir() / "app.json", dir() / "files.json"});

  EXPECT_EQ(assembled.manifest.digest, direct.manifest.digest);
  auto layout = layout::Layout::open(dir() / "steps");
  auto manifest = manifest_of(layout, assembled.manifest);
  ASSERT_EQ(manifest.layers.size(), 2u); // scratch: the app and the files layer
  for (const auto& layer : manifest.layers) {
    EXPECT_TRUE(layout.has_blob(layer.digest));
  }
  // The layer step's depfile names the files it packed and the project files it read.
  auto depfile = util::read_file(dir() / "app.d", 1 << 20);
  EXPECT_NE(depfile.find("demo/__main__.py"), std::string::npos) << depfile;
  EXPECT_NE(depfile.find("pyproject.toml"), std::string::npos) << depfile;
  EXPECT_NE(util::read_file(dir() / "files.d", 1 << 20).find("libfast.txt"), std::string::npos);
}

// A build system's image of one platform of an index (assemble --for-index): named by its tag in its own
// layout, for `pycontainer index` to find; its SBOM named per platform, as a build of several names it.
TEST_F(PipelineTest, AnIndexMembersSbomIsNamedForItsPlatform)
{
  auto steps_request = request("steps");
  steps_request.command_line.platform = "linux/arm64";
  steps_request.command_line.sbom = "spdx";
  run_base_step(steps_request, {}, outputs("base"));
  run_layer_step(steps_request, dir() / "base.json", nullptr, outputs("app"), "app");
  auto assembled = run_assemble_step(steps_request, dir() / "base.json", {dir() / "app.json"}, /*for_index=*/true);

  auto layout = layout::Layout::open(dir() / "steps");
  EXPECT_EQ(layout.find("1.0")->digest, assembled.manifest.digest);
  EXPECT_FALSE(layout.find("1.0.sbom"));
  auto sbom = layout.find("1.0" + sbom_platform_suffix(oci::Platform::parse("linux/arm64")) + ".sbom");
  ASSERT_TRUE(sbom);
  EXPECT_EQ(layout::annotation(*sbom, layout::k_image_name_annotation), "docker.io/library/demo:1.0.linux-arm64.sbom");
  auto subject = manifest_of(layout, *sbom).subject;
  ASSERT_TRUE(subject);
  EXPECT_EQ(subject->digest, assembled.manifest.digest);
}

TEST_F(PipelineTest, StagingKeepsOnlyTheLatestLayer)
{
  auto steps_request = request("steps");
  run_base_step(steps_request, {}, outputs("base"));
  run_layer_step(steps_request, dir() / "base.json", nullptr, outputs("app"), "app");
  write("app/demo/__main__.py", "print('changed')\n");
  run_layer_step(steps_request, dir() / "base.json", nullptr, outputs("app"), "app");
  auto record = LayersRecord::from_json(read_record(dir() / "app.json"));
  ASSERT_EQ(record.layers.size(), 1u);
  std::size_t blobs = 0;
  for ([[maybe_unused]] const auto& item : std::filesystem::directory_iterator(dir() / "staging-app/blobs/sha256")) {
    ++blobs;
  }
  EXPECT_EQ(blobs, 1u);
  EXPECT_TRUE(std::filesystem::exists(dir() / "staging-app/blobs/sha256" / record.layers[0].descriptor.digest.encoded()));
}

TEST_F(PipelineTest, AlsoTagsNameTheSameImage)
{
  auto tagged = request("out");
  tagged.command_line.tag = "demo:1.0";
  tagged.also_tags = {"registry.example/demo:latest"};
  auto result = run_build(project::plan_build(tagged), {}, nullptr);
  auto layout = layout::Layout::open(dir() / "out");
  auto first = layout.find("1.0");
  auto second = layout.find("latest");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->digest, result.manifest.digest);
  EXPECT_EQ(second->digest, result.manifest.digest);
}

TEST_F(PipelineTest, AlsoTagWithoutATagIsAUsageError)
{
  auto tagged = request("out");
  tagged.also_tags = {"demo@sha256:" + std::string(64, 'a')};
  EXPECT_THROW(project::plan_build(tagged), UsageError);
}

TEST_F(PipelineTest, CompressionReachesEveryLayer)
{
  auto zstd = request("out");
  zstd.compression = {"zstd", 7};
  zstd.file_groups.push_back(native_group());
  auto result = run_build(project::plan_build(zstd), {}, nullptr);
  auto manifest = manifest_of(layout::Layout::open(dir() / "out"), result.manifest);
  ASSERT_EQ(manifest.layers.size(), 2u);
  for (const auto& layer : manifest.layers) {
    EXPECT_EQ(layer.media_type, "application/vnd.oci.image.layer.v1.tar+zstd");
  }
}

TEST_F(PipelineTest, BadCompressionIsReportedBeforeAnythingIsWritten)
{
  auto bad = request("out");
  bad.compression = {"zstd", 40};
  EXPECT_THROW(project::plan_build(bad), UsageError);
  bad.compression = {"brotli", std::nullopt};
  EXPECT_THROW(project::plan_build(bad), UsageError);
  EXPECT_FALSE(std::filesystem::exists(dir() / "out"));
}

TEST_F(PipelineTest, AssembleAddsTheRecordsEnvironmentButThePlanWins)
{
  auto env_request = request("out");
  env_request.command_line.env = {{"PATH", "/mine"}};
  auto plan = project::plan_build(env_request);
  plan.layers.clear();
  LayersRecord record;
  record.env = {{"PATH", "/deps/bin:/usr/bin"}, {"VIRTUAL_ENV", "/app/.venv"}};
  auto output = layout::Layout::open_or_create(dir() / "out");
  auto descriptor = assemble_image(plan, BaseRecord{}, {record}, {}, output);
  auto manifest = manifest_of(output, descriptor);
  auto config = nlohmann::json::parse(output.read_blob(manifest.config.digest));
  auto env = config["config"]["Env"];
  EXPECT_NE(std::find(env.begin(), env.end(), "PATH=/mine"), env.end()) << env;
  EXPECT_NE(std::find(env.begin(), env.end(), "VIRTUAL_ENV=/app/.venv"), env.end()) << env;
  EXPECT_EQ(std::find(env.begin(), env.end(), "PATH=/deps/bin:/usr/bin"), env.end()) << env;
}

TEST_F(PipelineTest, LayersRecordsKeepTheirEnvironmentAndPackages)
{
  LayersRecord record;
  LayerRecord layer;
  layer.name = "deps";
  layer.descriptor.media_type = "application/vnd.oci.image.layer.v1.tar+gzip";
  layer.file_count = 3;
  layer.blobs_directory = "/somewhere/blobs/sha256";
  record.layers.push_back(layer);
  record.env = {{"VIRTUAL_ENV", "/app/.venv"}};
  record.packages = {{"flask", "2.2.2", "BSD-3-Clause"}};
  auto back = LayersRecord::from_json(record.to_json());
  ASSERT_EQ(back.layers.size(), 1u);
  EXPECT_EQ(back.layers[0].name, "deps");
  EXPECT_EQ(back.layers[0].file_count, 3u);
  EXPECT_EQ(back.layers[0].blobs_directory, layer.blobs_directory);
  EXPECT_EQ(back.env, record.env);
  ASSERT_EQ(back.packages.size(), 1u);
  EXPECT_EQ(back.packages[0].name, "flask");
  EXPECT_EQ(back.packages[0].license, "BSD-3-Clause");
}

TEST_F(PipelineTest, DamagedPackagesInALayersRecordNameTheField)
{
  const std::pair<const char*, const char*> cases[] = {
    {R"({"layers":[],"env":[],"packages":5})", "packages: expected an array, got 5"},
    {R"({"layers":[],"env":[],"packages":["flask"]})", "packages[0]: expected an object, got a string"},
    {R"({"layers":[],"env":[],"packages":[{"name":5,"version":"1","license":""}]})",
     "packages[0].name: expected a string, got 5"},
    {R"({"layers":[],"env":[],"packages":[{"name":"flask","license":""}]})", "packages[0].version: missing"},
  };
  for (const auto& [text, expected] : cases) {
    try {
      LayersRecord::from_json(nlohmann::json::parse(text));
      ADD_FAILURE() << "no error for " << text;
    } catch (const UsageError& error) {
      EXPECT_NE(error.message().find(expected), std::string::npos) << error.message();
    }
  }
}

TEST_F(PipelineTest, DamagedLayerAndBaseRecordsNameTheField)
{
  auto layer = R"({"name":"app","diff_id":"sha256:0000000000000000000000000000000000000000000000000000000000000000",
    "file_count":3,"blobs_directory":"/b","descriptor":{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip",
    "digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1}})";
  auto layers_with = [&](const std::string& key, const nlohmann::json& value) {
    auto json = nlohmann::json::parse(layer);
    json[key] = value;
    return nlohmann::json{{"layers", {json}}, {"env", nlohmann::json::array()}};
  };
  auto message = [](auto&& parse) -> std::string {
    try {
      parse();
    } catch (const UsageError& error) {
      return error.message();
    }
    return "(no error)";
  };
  EXPECT_EQ(LayersRecord::from_json(layers_with("file_count", 3)).layers.at(0).file_count, 3u);
  EXPECT_EQ(message([&] { LayersRecord::from_json(layers_with("file_count", "3")); }),
            "layers[0]: file_count: expected an integer, got a string");
  EXPECT_EQ(message([&] { LayersRecord::from_json(layers_with("diff_id", "sha256:x")); }).substr(0, 19),
            "layers[0]: diff_id:");
  EXPECT_EQ(message([&] { LayersRecord::from_json(layers_with("descriptor", 1)); }),
            "layers[0]: descriptor: expected an object, got 1");
  EXPECT_EQ(message([&] { LayersRecord::from_json(nlohmann::json::parse(R"({"layers":[],"env":[["A"]]})")); }),
            "env[0]: expected [NAME, VALUE]");

  BaseRecord base;
  base.name = "oci:/x";
  base.digest = oci::Digest::of("manifest");
  base.config.platform = oci::Platform::parse("linux/amd64");
  base.config.config.env = {"PATH=/bin"};
  auto json = base.to_json();
  EXPECT_EQ(BaseRecord::from_json(json).config, base.config) << "a base's config survives its record";
  json["config"]["config"]["Env"] = {5};
  EXPECT_EQ(message([&] { BaseRecord::from_json(json); }), "config: config: Env[0]: expected a string, got 5");
  EXPECT_EQ(BaseRecord::from_json(BaseRecord{}.to_json()).config, oci::ImageConfig{}) << "scratch";
}

TEST_F(PipelineTest, TheDepsStepNeedsIncludeDeps)
{
  auto steps_request = request("steps");
  run_base_step(steps_request, {}, outputs("base"));
  EXPECT_THROW(run_deps_step(steps_request, dir() / "base.json", nullptr, outputs("deps"), {}), UsageError);
  EXPECT_FALSE(std::filesystem::exists(dir() / "deps.json"));
}

TEST_F(PipelineTest, AMissingRecordNamesTheStepToRun)
{
  try {
    run_assemble_step(request("out"), dir() / "base.json", {});
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("base.json"), std::string::npos) << error.message();
  }
}

TEST_F(PipelineTest, FileGroupsNeedAnAbsoluteDestination)
{
  auto relative = request("out");
  relative.file_groups.push_back({"files", {dir() / "native/libfast.txt"}, "opt/native"});
  EXPECT_THROW(project::plan_build(relative), UsageError);
}

} // namespace
} // namespace pycontainer::pipeline
