#include "util/git_checkout.hpp"

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <system_error>
#include <vector>

namespace pycontainer::util {

namespace fs = std::filesystem;

namespace {

constexpr int k_max_symbolic_refs = 5; // git's own limit on ref: chains

bool is_object_id(std::string_view text)
{
  return (text.size() == 40 || text.size() == 64) &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_file(const fs::path& path)
{
  std::error_code error;
  return fs::is_regular_file(path, error);
}

// The first line of a small file, trimmed.
std::string first_line(const fs::path& file)
{
  std::string text = read_file(file);
  return std::string(trim(std::string_view(text).substr(0, text.find('\n'))));
}

// The path a `.git` file ("gitdir: PATH") or `commondir` holds; a relative one is relative to `base`.
fs::path pointed_path(std::string_view text, const fs::path& base)
{
  fs::path path{std::string(trim(text))};
  path = (path.is_absolute() ? path : base / path).lexically_normal();
  return path.has_filename() ? path : path.parent_path(); // "../.." normalises to "dir/"
}

// A git-config value (what follows '=', or a quoted subsection name): quotes joined, escapes resolved,
// a comment dropped, whitespace outside quotes trimmed at both ends.
std::string config_value(std::string_view text, const std::string& where)
{
  std::string value;
  std::size_t kept = 0; // value's length without trailing whitespace outside quotes
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      quoted = !quoted;
      kept = value.size();
    } else if (c == '\\' && i + 1 < text.size()) {
      char escaped = text[++i];
      value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped == 'b' ? '\b' : escaped;
      kept = value.size();
    } else if (!quoted && (c == '#' || c == ';')) {
      break;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (!value.empty()) {
        value += ' '; // as git does: each blank outside quotes is a space
      }
    } else {
      value += c;
      kept = value.size();
    }
  }
  if (quoted) {
    throw UsageError(where + ": unterminated quoted value");
  }
  value.resize(kept);
  return value;
}

// The last `url` of [remote "origin"] in a git config file; empty when none.
std::string origin_url(const fs::path& config)
{
  std::string text = read_file(config);
  std::string section, url;
  std::vector<std::string_view> lines = split(text, '\n');
  for (std::size_t number = 0; number < lines.size(); ++number) {
    std::string where = config.string() + ":" + std::to_string(number + 1);
    std::string line(trim(lines[number]));
    while (line.ends_with('\\') && number + 1 < lines.size()) { // a continued value
      line.pop_back();
      line += lines[++number];
    }
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      auto close = line.rfind(']');
      if (close == std::string::npos) {
        throw UsageError(where + ": section header without ']'");
      }
      std::string header = line.substr(1, close - 1);
      auto quote = header.find('"');
      if (quote == std::string::npos) { // [remote] or the old [remote.origin]
        section = to_lower(trim(header));
      } else {
        section = to_lower(trim(std::string_view(header).substr(0, quote))) + "." +
                  config_value(std::string_view(header).substr(quote), where);
      }
      // Whatever follows `]` on the line is a variable of the new section.
      line = std::string(trim(std::string_view(line).substr(close + 1)));
      if (line.empty() || line.front() == '#' || line.front() == ';') {
        continue;
      }
    }
    auto equals = line.find('=');
    std::string key = to_lower(trim(std::string_view(line).substr(0, equals)));
    if (section == "remote.origin" && key == "url" && equals != std::string::npos) {
      url = config_value(std::string_view(line).substr(equals + 1), where);
    }
  }
  return url;
}

class RefReader {
public:
  explicit RefReader(GitCheckout& checkout) : m_checkout(checkout) {}

  // The commit `ref` ("refs/heads/main") names, following `ref:` links; empty when it names none yet.
  std::string resolve(std::string ref) const
  {
    for (int hop = 0; hop < k_max_symbolic_refs; ++hop) {
      std::optional<std::string> target = loose(ref);
      if (!target) {
        return packed(ref);
      }
      if (!target->starts_with("ref:")) {
        return checked(*target, ref);
      }
      ref = std::string(trim(std::string_view(*target).substr(4)));
    }
    throw UsageError("ref " + ref + " in " + m_checkout.common_dir.string() + ": more than " +
                     std::to_string(k_max_symbolic_refs) + " symbolic refs in a row");
  }

private:
  // A worktree's own refs (HEAD, refs/bisect...) are in its git_dir, the branches in common_dir.
  std::optional<std::string> loose(const std::string& ref) const
  {
    for (const auto* directory : {&m_checkout.git_dir, &m_checkout.common_dir}) {
      if (is_file(*directory / ref)) {
        m_checkout.files.push_back(*directory / ref);
        return first_line(*directory / ref);
      }
    }
    // Where a commit would write the ref, so a depfile sees it appear.
    std::error_code error;
    if (auto directory = (m_checkout.common_dir / ref).parent_path(); fs::is_directory(directory, error)) {
      m_checkout.files.push_back(directory);
    }
    return std::nullopt;
  }

  std::string packed(const std::string& ref) const
  {
    auto file = m_checkout.common_dir / "packed-refs";
    if (!is_file(file)) {
      return "";
    }
    m_checkout.files.push_back(file);
    std::string text = read_file(file);
    for (std::string_view line : split(text, '\n')) {
      auto space = line.find(' ');
      if (line.starts_with('#') || line.starts_with('^') || space == std::string_view::npos) {
        continue;
      }
      if (trim(line.substr(space + 1)) == ref) {
        return checked(std::string(line.substr(0, space)), ref + " in " + file.string());
      }
    }
    return "";
  }

  static std::string checked(const std::string& id, const std::string& where)
  {
    if (!is_object_id(id)) {
      throw UsageError(where + ": \"" + id + "\" is not a commit id");
    }
    return id;
  }

  GitCheckout& m_checkout;
};

// The git directory that `dot_git` (a directory, or a "gitdir:" file) stands for.
fs::path git_directory(const fs::path& dot_git)
{
  std::error_code error;
  if (fs::is_directory(dot_git, error)) {
    return dot_git;
  }
  std::string line = first_line(dot_git);
  if (!line.starts_with("gitdir:")) {
    throw UsageError(dot_git.string() + ": a .git file must say \"gitdir: PATH\"");
  }
  return pointed_path(std::string_view(line).substr(7), dot_git.parent_path());
}

// Runs `read`, turning a failure into a warning: git metadata only adds labels, it never stops a build.
template <typename Read>
void read_or_warn(const char* what, Read read)
{
  try {
    read();
  } catch (const Error& error) {
    log::warn(std::string("git checkout: no ") + what + ": " + error.what());
  }
}

} // namespace

std::optional<GitCheckout> find_git_checkout(const fs::path& directory)
{
  std::error_code error;
  fs::path dot_git;
  for (fs::path current = fs::absolute(directory).lexically_normal();; current = current.parent_path()) {
    if (fs::exists(current / ".git", error)) {
      dot_git = current / ".git";
      break;
    }
    if (current == current.parent_path()) {
      return std::nullopt;
    }
  }
  GitCheckout checkout;
  read_or_warn("revision", [&] {
    checkout.git_dir = git_directory(dot_git);
    checkout.common_dir = is_file(checkout.git_dir / "commondir")
                            ? pointed_path(first_line(checkout.git_dir / "commondir"), checkout.git_dir)
                            : checkout.git_dir;
    checkout.files.push_back(checkout.git_dir / "HEAD");
    std::string head = first_line(checkout.git_dir / "HEAD");
    checkout.revision = head.starts_with("ref:") ? RefReader(checkout).resolve(std::string(trim(std::string_view(head).substr(4))))
                                                 : (is_object_id(head) ? head : std::string());
  });
  if (!checkout.common_dir.empty() && is_file(checkout.common_dir / "config")) {
    checkout.files.push_back(checkout.common_dir / "config");
    read_or_warn("origin URL", [&] { checkout.origin_url = origin_url(checkout.common_dir / "config"); });
  }
  return checkout;
}

std::optional<std::string> browsable_repository_url(std::string_view url)
{
  url = trim(url);
  std::string scheme;
  std::string_view rest;
  if (auto separator = url.find("://"); separator != std::string_view::npos) {
    scheme = to_lower(url.substr(0, separator));
    rest = url.substr(separator + 3);
  } else {
    // scp-like [user@]host:path, told from a local path by a ':' before any '/'
    auto colon = url.find(':');
    if (colon == std::string_view::npos || url.substr(0, colon).find('/') != std::string_view::npos || colon == 0) {
      return std::nullopt;
    }
    std::string joined = std::string(url.substr(0, colon)) + "/" + std::string(url.substr(colon + 1));
    return browsable_repository_url("ssh://" + joined);
  }
  bool web = scheme == "https" || scheme == "http";
  if (!web && scheme != "ssh" && scheme != "git" && scheme != "git+ssh" && scheme != "ssh+git") {
    return std::nullopt;
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1); // user, password, token
  }
  std::string host(authority);
  if (!web) {
    host = host.substr(0, host.find(':')); // an ssh or git port is no web port
  }
  std::string clean(path.substr(0, path.find_first_of("?#")));
  while (clean.ends_with('/')) {
    clean.pop_back();
  }
  if (clean.ends_with(".git")) {
    clean.resize(clean.size() - 4);
  }
  if (host.empty() || clean.empty() || clean == "/") {
    return std::nullopt;
  }
  return (web ? scheme : std::string("https")) + "://" + host + clean;
}

} // namespace pycontainer::util
