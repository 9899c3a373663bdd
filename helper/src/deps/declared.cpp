#include "deps/declared.hpp"

#include "deps/distributions.hpp"
#include "deps/source.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <cctype>
#include <sstream>

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

bool is_name_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

std::string shown(const fs::path& path, const fs::path& context)
{
  auto relative = fs::absolute(path).lexically_normal().lexically_relative(fs::absolute(context).lexically_normal());
  return relative.empty() || relative.begin()->string() == ".." ? path.string() : relative.string();
}

void declare(std::map<std::string, std::string>& declared, const std::string& name, const std::string& origin)
{
  declared.emplace(normalise_name(name), origin);
}

void read_requirements(const fs::path& file, const fs::path& context, std::map<std::string, std::string>& declared)
{
  std::vector<fs::path> files{file};
  try {
    files = requirements_files(file);
  } catch (const UsageError&) {
    // a missing include: the file itself still says what it names
  }
  for (const auto& path : files) {
    std::istringstream lines(util::read_file(path, 16 << 20));
    std::string origin = shown(path, context);
    for (std::string line; std::getline(lines, line);) {
      if (auto name = requirement_name(line)) {
        declared.emplace(*name, origin);
      }
    }
  }
}

// "gunicorn-20.1.0.dist-info" -> "gunicorn": metadata directories escape '-' in names as '_'.
void read_venv_names(const fs::path& venv, const fs::path& context, std::map<std::string, std::string>& declared)
{
  DependencySource source;
  try {
    source = read_venv(venv);
  } catch (const UsageError&) {
    return;
  }
  std::string origin = "virtualenv " + shown(venv, context);
  std::error_code error;
  for (const auto& item : fs::directory_iterator(source.site_packages, error)) {
    auto name = item.path().filename().string();
    if ((name.ends_with(".dist-info") || name.ends_with(".egg-info")) && name.find('-') != std::string::npos) {
      declare(declared, name.substr(0, name.find('-')), origin);
    }
  }
}

} // namespace

std::optional<std::string> requirement_name(std::string_view requirement)
{
  auto comment = requirement.find('#');
  while (comment != std::string_view::npos && comment > 0 && requirement[comment - 1] != ' '
         && requirement[comment - 1] != '\t') {
    comment = requirement.find('#', comment + 1);
  }
  std::string_view text = util::trim(requirement.substr(0, comment));
  std::size_t end = 0;
  while (end < text.size() && is_name_char(text[end])) {
    ++end;
  }
  std::string_view name = text.substr(0, end);
  std::string_view rest = util::trim(text.substr(end));
  bool valid_start = !name.empty() && std::isalnum(static_cast<unsigned char>(name.front()))
                     && std::isalnum(static_cast<unsigned char>(name.back()));
  bool valid_rest = rest.empty() || std::string_view("[(<>=!~;@").find(rest.front()) != std::string_view::npos;
  bool archive = name.ends_with(".whl") || name.ends_with(".zip") || name.ends_with(".tar.gz") || name.ends_with(".tgz");
  if (!valid_start || !valid_rest || archive) { // pip reads an archive's file name as a path
    return std::nullopt;
  }
  return normalise_name(name);
}

std::map<std::string, std::string> declared_distributions(const DeclarationSources& sources)
{
  std::map<std::string, std::string> declared;
  auto requirements = sources.requirements.value_or(sources.context / "requirements.txt");
  if (fs::is_regular_file(requirements)) {
    read_requirements(requirements, sources.context, declared);
  }
  for (const char* production : {"requirements/production.txt", "requirements/prod.txt"}) {
    if (fs::is_regular_file(sources.context / production)) {
      read_requirements(sources.context / production, sources.context, declared);
    }
  }
  for (const auto& dependency : sources.project_dependencies) {
    if (auto name = requirement_name(dependency)) {
      declared.emplace(*name, "pyproject.toml [project.dependencies]");
    }
  }
  for (const auto& name : sources.poetry_dependencies) {
    declare(declared, name, "pyproject.toml [tool.poetry.dependencies]");
  }
  if (sources.venv) {
    read_venv_names(*sources.venv, sources.context, declared);
  } else {
    for (const char* name : {".venv", "venv", "env"}) {
      if (fs::is_regular_file(sources.context / name / "pyvenv.cfg")) {
        read_venv_names(sources.context / name, sources.context, declared);
        break;
      }
    }
  }
  return declared;
}

} // namespace pycontainer::deps
