// Unit tests of how deps::plan_dependencies groups distributions into layers: large ones get layers of
// their own, platform-independent ones ("py3-none-any") share "deps.any", the rest "deps"; the grouping
// follows the set of distributions, not the platform; and a staged platform-independent layer's content
// key (deps::layer_content_key) is the same for the same files staged in two places (two platforms' lock
// installs).
#include "deps/dependency_layers.hpp"
#include "test_support.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pycontainer::deps {
namespace {

Distribution distribution(const std::string& key, std::uint64_t bytes, std::vector<std::string> tags)
{
  Distribution made;
  made.name = key;
  made.key = key;
  made.version = "1.0";
  made.bytes = bytes;
  made.wheel_tags = std::move(tags);
  return made;
}

const std::vector<std::string> k_pure{"py3-none-any"};
const std::vector<std::string> k_amd64{"cp311-cp311-manylinux_2_17_x86_64", "cp311-cp311-manylinux2014_x86_64"};
const std::vector<std::string> k_arm64{"cp311-cp311-manylinux_2_17_aarch64", "cp311-cp311-manylinux2014_aarch64"};
constexpr std::uint64_t k_kib = 1024;

TEST(DependencyLayerNames, PlatformIndependentDistributionsShareALayerApartFromTheOthers)
{
  EXPECT_TRUE(platform_independent(distribution("six", 1, {"py2-none-any", "py3-none-any"})));
  EXPECT_FALSE(platform_independent(distribution("fastsum", 1, k_amd64)));
  EXPECT_FALSE(platform_independent(distribution("mixed", 1, {"py3-none-any", "cp311-abi3-linux_x86_64"})));
  EXPECT_FALSE(platform_independent(distribution("debian", 1, {}))); // an egg-info: unknown

  auto names = dependency_layer_names({distribution("big-pure", 2048 * k_kib, k_pure),
                                       distribution("big-native", 600 * k_kib, k_amd64),
                                       distribution("greeting", 4 * k_kib, k_pure),
                                       distribution("color-kit", 2 * k_kib, k_pure),
                                       distribution("fastsum", 16 * k_kib, k_amd64),
                                       distribution("flask", 100 * k_kib, {})});
  EXPECT_EQ(names, (std::map<std::string, std::string>{{"big-pure", "deps-big-pure"},
                                                       {"big-native", "deps-big-native"},
                                                       {"greeting", "deps.any"},
                                                       {"color-kit", "deps.any"},
                                                       {"fastsum", "deps"},
                                                       {"flask", "deps"}}));
}

// The same set for another platform (the native wheels built for it, a little larger or smaller) gives
// the same layers.
TEST(DependencyLayerNames, FollowTheSetOfDistributionsNotThePlatform)
{
  auto for_platform = [](const std::vector<std::string>& native, std::uint64_t native_bytes) {
    return dependency_layer_names({distribution("numpy", native_bytes, native),
                                   distribution("requests", 400 * k_kib, k_pure),
                                   distribution("charset", 30 * k_kib, native),
                                   distribution("idna", 300 * k_kib, k_pure)});
  };
  auto amd64 = for_platform(k_amd64, 30000 * k_kib);
  EXPECT_EQ(amd64, for_platform(k_arm64, 25000 * k_kib));
  EXPECT_EQ(amd64.at("numpy"), "deps-numpy");
  EXPECT_EQ(amd64.at("requests"), "deps.any");
  EXPECT_EQ(amd64.at("charset"), "deps");
}

// At most k_max_dependency_layers: with a platform-independent distribution left over, one own layer
// fewer; the smallest of the large ones joins its remainder.
TEST(DependencyLayerNames, KeepTheLayerLimit)
{
  std::vector<Distribution> large;
  for (int i = 0; i < 8; ++i) {
    large.push_back(distribution("native-" + std::to_string(i), (1000 - static_cast<std::uint64_t>(i)) * k_kib, k_amd64));
  }
  auto count_layers = [](const std::map<std::string, std::string>& names) {
    std::map<std::string, int> layers;
    for (const auto& [key, layer] : names) {
      ++layers[layer];
    }
    return layers.size();
  };
  auto natives = dependency_layer_names(large);
  EXPECT_EQ(count_layers(natives), k_max_dependency_layers);
  EXPECT_EQ(natives.at("native-6"), "deps-native-6");
  EXPECT_EQ(natives.at("native-7"), "deps");

  large.push_back(distribution("small-pure", 10 * k_kib, k_pure));
  auto with_pure = dependency_layer_names(large);
  EXPECT_EQ(count_layers(with_pure), k_max_dependency_layers);
  EXPECT_EQ(with_pure.at("native-5"), "deps-native-5");
  EXPECT_EQ(with_pure.at("native-6"), "deps");
  EXPECT_EQ(with_pure.at("small-pure"), "deps.any");
}

class DependencyLayersTest : public test::TempDirTest {
protected:
  // A lock's staged venv for one machine under dir()/NAME: the pure greeting (a module, a console script,
  // a RECORD listing them) and the native fastsum for `machine` (`library` its bytes).
  DependencySource stage(const std::string& name, const std::string& machine, const std::string& library,
                         const std::string& greeting = "def main():\n    print('hello')\n") const
  {
    auto site = name + "/venv/lib/python3.11/site-packages/";
    auto script = "#!/app/.venv/bin/python3\nfrom greeting.cli import main\nmain()\n";
    write(site + "greeting/__init__.py", greeting);
    write(site + "greeting-1.0.0.dist-info/METADATA", "Name: greeting\nVersion: 1.0.0\n");
    write(site + "greeting-1.0.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n");
    write(site + "greeting-1.0.0.dist-info/RECORD",
          "../../../bin/greet,sha256=script," + std::to_string(std::string_view(script).size()) +
            "\ngreeting/__init__.py,sha256=module-" + std::to_string(greeting.size()) + "," +
            std::to_string(greeting.size()) + "\ngreeting-1.0.0.dist-info/RECORD,,\n");
    write(name + "/venv/bin/greet", script);
    write(site + "fastsum.cpython-311-" + machine + "-linux-gnu.so", library);
    write(site + "fastsum-0.3.0.dist-info/METADATA", "Name: fastsum\nVersion: 0.3.0\n");
    write(site + "fastsum-0.3.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: cp311-cp311-manylinux_2_17_" + machine + "\n");
    write(site + "fastsum-0.3.0.dist-info/RECORD", "fastsum.cpython-311-" + machine + "-linux-gnu.so,,\n");
    DependencySource source;
    source.kind = SourceKind::lock;
    source.site_packages = dir() / site;
    source.scripts_directory = dir() / name / "venv" / "bin";
    source.python_version = "3.11";
    return source;
  }

  DependencyPlan plan(DependencySource source) const
  {
    return plan_dependencies(std::move(source), "/app/.venv", dir() / "generated", false);
  }
};

std::string content_key(const DependencyPlan& plan, std::size_t layer)
{
  return layer_content_key(plan, plan.layers.at(layer).name, plan.layers.at(layer).entries);
}

TEST_F(DependencyLayersTest, AStagedPlatformIndependentLayerHasTheSameContentKeyOnEveryPlatform)
{
  auto amd64_source = stage("amd64", "x86_64", "x86_64 code");
  auto amd64 = plan(amd64_source);
  auto arm64 = plan(stage("arm64", "aarch64", "aarch64 code, longer"));
  ASSERT_EQ(amd64.layers.size(), 2u);
  ASSERT_EQ(arm64.layers.size(), 2u);
  EXPECT_EQ(amd64.layers[0].name, "deps.any");
  EXPECT_EQ(amd64.layers[0].packages, (std::vector<std::string>{"greeting 1.0.0"}));
  EXPECT_EQ(amd64.layers[1].name, "deps");
  EXPECT_EQ(amd64.layers[1].packages, (std::vector<std::string>{"fastsum 0.3.0"}));
  EXPECT_FALSE(content_key(amd64, 0).empty());
  EXPECT_EQ(content_key(amd64, 0), content_key(arm64, 0));
  EXPECT_EQ(content_key(amd64, 1), ""); // platform-specific, with the venv
  EXPECT_EQ(content_key(arm64, 1), "");

  // Another greeting (another RECORD) is another key.
  auto changed = plan(stage("changed", "x86_64", "x86_64 code", "def main():\n    print('bye')\n"));
  EXPECT_NE(content_key(changed, 0), content_key(amd64, 0));
  // A file whose size is not its RECORD's is read: the key follows its content.
  write("amd64/venv/lib/python3.11/site-packages/greeting/__init__.py", "edited, another size\n");
  auto edited = plan(amd64_source);
  EXPECT_NE(content_key(edited, 0), "");
  EXPECT_NE(content_key(edited, 0), content_key(amd64, 0));
}

TEST_F(DependencyLayersTest, AVenvsLayersAndADryRunHaveNoContentKey)
{
  auto source = stage("venv", "x86_64", "x86_64 code");
  source.kind = SourceKind::venv; // its files may be edited after RECORD was written
  auto venv = plan(source);
  for (std::size_t i = 0; i < venv.layers.size(); ++i) {
    EXPECT_EQ(content_key(venv, i), "") << venv.layers[i].name;
  }
  auto dry = plan_dependencies(stage("dry", "x86_64", "x86_64 code"), "/app/.venv", std::nullopt, false);
  EXPECT_EQ(dry.layers.at(0).name, "deps.any");
  EXPECT_EQ(content_key(dry, 0), "");
}

} // namespace
} // namespace pycontainer::deps
