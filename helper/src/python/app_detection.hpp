#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pycontainer::python {

enum class WebFramework { fastapi, flask, gradio, streamlit };

// What serves HTTP in a Python module, found in its source.
struct AppObject {
  WebFramework framework;
  // FastAPI and Flask: the module-level variable holding the app ("app"), or the factory's name when
  // the module has only a factory; empty for Gradio and Streamlit, whose app is the script itself.
  std::string variable;
  bool factory = false;    // `variable` is a function returning the app
  std::string built_by;    // the function whose top-level call made `variable` ("get_application")
  std::optional<int> port; // a port literal in the module's own server call
  std::string port_call;   // that call, for --dry-run: "app.run(port=8080)"
};

// The framework whose app function `name` of module `module` returns, `module` as the importing
// module's `from MODULE import NAME` writes it ("app.factory", ".factory"); nullopt when that module is
// not the project's or the function builds no app.
using FactoryLookup = std::function<std::optional<WebFramework>(std::string_view module, std::string_view name)>;

// Looks, in a module importing the framework, for (first found wins):
//   1. a FastAPI or Flask app created at the top level: `<var> = FastAPI(...)`, `<var>: FastAPI =
//      FastAPI(...)`, `<var> = fastapi.FastAPI(...)` (Flask alike), FastAPI winning over Flask;
//   2. a top-level `<var> = f(...)` where `f` builds and returns an app: a top-level function of this
//      module whose body constructs one (or whose return annotation names one) and returns a value, or
//      a function `from M import f` brings in, as `lookup` finds it;
//   3. a factory: a top-level `def create_app(` or `def make_app(` (the names Flask's CLI looks for),
//      else another top-level function building and returning an app (not a `_private` or `test` one);
//   4. a Gradio app: the module imports gradio and calls `.launch(`;
//   5. a Streamlit script: the module imports streamlit and uses it in top-level code (`st.title(...)`,
//      `with st.sidebar:`) or has an `if __name__` block, unlike the helper modules of a Streamlit app.
// The port is the value of `port=` in an `X.run(...)` call (app.run, uvicorn.run, socketio.run) for
// FastAPI and Flask, of `server_port=` in `X.launch(...)` for Gradio: a literal (8080, "8080"), a name
// assigned one before, or the default of an environment lookup (`int(os.environ.get("PORT", 8080))`,
// `os.getenv("PORT", "8080")`), which is what the app listens on when the variable is unset. A scanner of
// statements, not a Python parser: comments and text inside triple-quoted strings are skipped,
// bracketed and backslash-continued lines are joined into one statement.
std::optional<AppObject> find_app_object(std::string_view source, const FactoryLookup& lookup = {});

// The framework whose app the top-level function `name` of `source` builds and returns (rule 2 above);
// nullopt when the module has no such function.
std::optional<WebFramework> find_factory(std::string_view source, std::string_view name);

const char* to_string(WebFramework framework);

} // namespace pycontainer::python
