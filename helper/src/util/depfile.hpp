#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pycontainer::util {

// Writes a Makefile-syntax dependency file, as Ninja and Make read it (and CMake's DEPFILE):
//
//   <target>: <dependency> <dependency> ...
//
// one dependency per continuation line, the dependencies' paths absolute, the target's as given (Ninja
// matches it with the path of its build statement: relative there, relative here), with '\' before
// spaces and '#', and '$' doubled.
// Listing the directories walked as well as the files read makes adding or deleting a file a change.
void write_depfile(const std::filesystem::path& depfile, const std::filesystem::path& target,
                   const std::vector<std::filesystem::path>& dependencies);

// One path escaped for a depfile.
std::string escape_depfile_path(const std::string& path);

} // namespace pycontainer::util
