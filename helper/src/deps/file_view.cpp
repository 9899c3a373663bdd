#include "deps/file_view.hpp"

#include <set>
#include <string_view>
#include <vector>

namespace pycontainer::deps {

namespace {

// ld.so follows at most this many links in one name (the kernel's MAXSYMLINKS is 40).
constexpr int k_max_links = 40;

std::vector<std::string> components(const std::string& path)
{
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at < path.size()) {
    auto slash = path.find('/', at);
    auto end = slash == std::string::npos ? path.size() : slash;
    if (end > at) {
      parts.push_back(path.substr(at, end - at));
    }
    at = end + 1;
  }
  return parts;
}

} // namespace

void FileView::add(const std::string& path, ViewNode node)
{
  m_nodes[path] = std::move(node);
}

void FileView::empty(const std::string& directory)
{
  auto prefix = directory == "/" ? std::string("/") : directory + "/";
  for (auto it = m_nodes.lower_bound(prefix); it != m_nodes.end() && it->first.starts_with(prefix);) {
    it = m_nodes.erase(it);
  }
  for (auto it = m_contents.lower_bound(prefix); it != m_contents.end() && it->first.starts_with(prefix);) {
    it = m_contents.erase(it);
  }
}

void FileView::remove(const std::string& path)
{
  empty(path);
  m_nodes.erase(path);
  m_contents.erase(path);
}

void FileView::set_content(const std::string& path, std::string content)
{
  m_contents[path] = std::move(content);
}

const ViewNode* FileView::find(const std::string& path) const
{
  auto it = m_nodes.find(path);
  return it == m_nodes.end() ? nullptr : &it->second;
}

std::optional<std::pair<std::string, const ViewNode*>> FileView::resolve(const std::string& path) const
{
  auto pending = components(path); // reversed: the next component is at the back
  std::vector<std::string> todo(pending.rbegin(), pending.rend());
  std::string done; // resolved so far, "" for the root
  const ViewNode* node = nullptr;
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.back());
    todo.pop_back();
    std::string_view name = part;
    if (name == ".") {
      continue;
    }
    if (name == "..") {
      done = done.substr(0, done.rfind('/'));
      node = nullptr;
      continue;
    }
    auto next = done + "/" + part;
    node = find(next);
    if (node && node->kind == ViewNode::Kind::symlink) {
      if (++links > k_max_links) {
        return std::nullopt;
      }
      auto target = components(node->link_target);
      todo.insert(todo.end(), target.rbegin(), target.rend());
      if (node->link_target.starts_with("/")) {
        done.clear();
      }
      node = nullptr;
      continue;
    }
    if (node && node->kind == ViewNode::Kind::regular && !todo.empty()) {
      return std::nullopt; // a file is no directory
    }
    done = next;
  }
  if (done.empty()) {
    static const ViewNode k_root{ViewNode::Kind::directory, {}, 0, false, false};
    return std::make_pair(std::string("/"), &k_root);
  }
  if (!node) { // a directory only implied by what is below it
    auto below = m_nodes.lower_bound(done + "/");
    if (below == m_nodes.end() || !below->first.starts_with(done + "/")) {
      return std::nullopt;
    }
    static const ViewNode k_implied{ViewNode::Kind::directory, {}, 0, false, false};
    node = &k_implied;
  }
  return std::make_pair(done, node);
}

bool FileView::is_directory(const std::string& path) const
{
  auto resolved = resolve(path);
  return resolved && resolved->second->kind == ViewNode::Kind::directory;
}

bool FileView::is_file(const std::string& path) const
{
  auto resolved = resolve(path);
  return resolved && resolved->second->kind == ViewNode::Kind::regular;
}

std::vector<std::string> FileView::list(const std::string& path) const
{
  auto resolved = resolve(path);
  if (!resolved || resolved->second->kind != ViewNode::Kind::directory) {
    return {};
  }
  auto prefix = resolved->first == "/" ? std::string("/") : resolved->first + "/";
  std::set<std::string> names; // "a" comes again after "a.b", below "a/"
  for (auto it = m_nodes.lower_bound(prefix); it != m_nodes.end() && it->first.starts_with(prefix);) {
    auto slash = it->first.find('/', prefix.size());
    auto name = it->first.substr(prefix.size(), slash - prefix.size());
    names.insert(name);
    // Past what is below it ("a/..." sorts after "a" and "a.b", before "a0").
    it = slash == std::string::npos ? std::next(it) : m_nodes.lower_bound(prefix + name + static_cast<char>('/' + 1));
  }
  return {names.begin(), names.end()};
}

std::optional<std::string> FileView::content(const std::string& path) const
{
  auto resolved = resolve(path);
  if (!resolved) {
    return std::nullopt;
  }
  auto it = m_contents.find(resolved->first);
  return it == m_contents.end() ? std::nullopt : std::optional<std::string>(it->second);
}

bool is_loader_configuration(const std::string& path)
{
  return path == "/etc/ld.so.conf" || path.starts_with("/etc/ld.so.conf.d/") ||
         (path.starts_with("/etc/ld-musl-") && path.ends_with(".path"));
}

} // namespace pycontainer::deps
