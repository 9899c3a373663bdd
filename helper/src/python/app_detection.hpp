#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pycontainer::python {

enum class WebFramework { fastapi, flask };

// A module-level web application object, or the factory making one, found in a Python source file.
struct AppObject {
  WebFramework framework;
  std::string variable; // "app", or the factory's name ("create_app")
  bool factory = false; // `variable` is a function returning the app
};

// Looks for a FastAPI or Flask application created at the top level of a module: the module imports
// the framework (`import fastapi`, `from fastapi import FastAPI`) and assigns `<var> = FastAPI(...)`,
// `<var>: FastAPI = FastAPI(...)` or `<var> = fastapi.FastAPI(...)` (Flask alike) with no indentation.
// Else an application factory: a top-level `def create_app(` or `def make_app(` (the names Flask's CLI
// looks for) in a module importing the framework. A line scanner, not a Python parser: comments and
// text inside triple-quoted strings are skipped. FastAPI wins over Flask when a module has both.
std::optional<AppObject> find_app_object(std::string_view source);

const char* to_string(WebFramework framework);

} // namespace pycontainer::python
