#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// PEP 440 versions and version specifiers, as packaging (the reference implementation) reads them:
//   [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
// with its alternative spellings (a leading "v", "alpha"/"beta"/"c"/"pre"/"preview", "-N" and "rev"/"r"
// for post, "-"/"_"/"." separators, upper case), normalised on reading.
namespace pycontainer::python {

class Version {
public:
  // nullopt when `text` is not a PEP 440 version.
  static std::optional<Version> parse(std::string_view text);

  // The normalised form: "1.0rc1", "2!1.0.post2.dev3+ubuntu.1".
  std::string str() const;
  const std::vector<std::uint64_t>& release() const { return m_release; }
  std::uint64_t epoch() const { return m_epoch; }
  bool is_prerelease() const { return m_pre.has_value() || m_dev.has_value(); }
  bool is_postrelease() const { return m_post.has_value(); }
  bool has_local() const { return !m_local.empty(); }
  // Without its local label ("1.0+abc" -> "1.0"), and the epoch and release alone.
  Version public_version() const;
  Version base_version() const;

  // PEP 440's order: epoch, release (trailing zeros ignored), dev < pre < final < post, local labels last.
  friend int compare(const Version& a, const Version& b);
  friend bool operator==(const Version& a, const Version& b) { return compare(a, b) == 0; }
  friend bool operator<(const Version& a, const Version& b) { return compare(a, b) < 0; }

private:
  std::uint64_t m_epoch = 0;
  std::vector<std::uint64_t> m_release;
  std::optional<std::pair<int, std::uint64_t>> m_pre; // (0 a, 1 b, 2 rc; number)
  std::optional<std::uint64_t> m_post;
  std::optional<std::uint64_t> m_dev;
  std::vector<std::string> m_local; // lower case segments
};

// One specifier: an operator (~=, ==, !=, <=, >=, <, >, ===) and a version, "==" and "!=" with an
// optional ".*" suffix.
class Specifier {
public:
  // nullopt when `text` is not a specifier (a "~=" needs two release segments; ".*" only after == and !=).
  static std::optional<Specifier> parse(std::string_view text);

  // Whether `version` is admitted, pre-releases included (as environment markers ask). A "===" compares
  // the text, without normalising.
  bool admits(const Version& version) const;
  bool admits_text(std::string_view version) const;
  const std::string& op() const { return m_op; }

private:
  std::string m_op;
  std::string m_text; // the version as written, for ===
  std::optional<Version> m_version;
  bool m_wildcard = false;
};

// A comma-separated list of specifiers, all of which must admit (">=1.0, !=1.3.*, <2"); an empty list
// admits everything. nullopt when one is not a specifier.
std::optional<std::vector<Specifier>> parse_specifiers(std::string_view text);
bool admits_all(const std::vector<Specifier>& specifiers, const Version& version);

} // namespace pycontainer::python
