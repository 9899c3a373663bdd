#include "python/app_detection.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

TEST(EntrypointAppObjectTest, Table)
{
  struct Case {
    std::string_view source;
    std::optional<WebFramework> framework;
    std::string_view variable;
    bool factory = false;
  };
  const Case cases[] = {
    {"from fastapi import FastAPI\n\napp = FastAPI()\n", WebFramework::fastapi, "app"},
    {"from fastapi import FastAPI\napi: FastAPI = FastAPI(title='x')\n", WebFramework::fastapi, "api"},
    {"import fastapi\nservice = fastapi.FastAPI(\n    title='x',\n)\n", WebFramework::fastapi, "service"},
    {"import os, fastapi as fa\nweb = fa.FastAPI()\n", WebFramework::fastapi, "web"},
    {"from flask import Flask\napplication = Flask(__name__)\n", WebFramework::flask, "application"},
    {"import flask\r\napp = flask.Flask(__name__)\r\n", WebFramework::flask, "app"},
    // both: FastAPI wins
    {"from flask import Flask\nfrom fastapi import FastAPI\nf = Flask(__name__)\na = FastAPI()\n",
     WebFramework::fastapi, "a"},
    // the first assignment counts
    {"from fastapi import FastAPI\napp = FastAPI()\nother = FastAPI()\n", WebFramework::fastapi, "app"},
    // not found: no import, indented (factory), comparison, comment, docstring
    {"app = FastAPI()\n", std::nullopt, ""},
    {"from fastapi import FastAPI\ndef create():\n    app = FastAPI()\n    return app\n", std::nullopt, ""},
    {"from fastapi import FastAPI\nok = app == FastAPI()\n", std::nullopt, ""},
    {"from fastapi import FastAPI\n# app = FastAPI()\n", std::nullopt, ""},
    {"\"\"\"Usage:\n\nfrom fastapi import FastAPI\napp = FastAPI()\n\"\"\"\n", std::nullopt, ""},
    {"from fastapi import FastAPI\nx = '''\napp = FastAPI()\n'''\n", std::nullopt, ""},
    {"from fastapi_utils import X\napp = FastAPI()\n", std::nullopt, ""},
    {"from flask import Flask\napp = make_app(Flask)\n", std::nullopt, ""},
    // application factories (flaskr's shape), an object winning over a factory
    {"import os\n\nfrom flask import Flask\n\n\ndef create_app(test_config=None):\n    app = Flask(__name__)\n"
     "    return app\n",
     WebFramework::flask, "create_app", true},
    {"from fastapi import FastAPI\ndef make_app() -> FastAPI:\n    return FastAPI()\n", WebFramework::fastapi, "make_app",
     true},
    {"from flask import Flask\ndef create_app():\n    return Flask(__name__)\napp = Flask(__name__)\n",
     WebFramework::flask, "app"},
    // not factories: other names, indented, no framework import
    {"from flask import Flask\ndef build():\n    return Flask(__name__)\n", std::nullopt, ""},
    {"from flask import Flask\nclass A:\n    def create_app(self):\n        return Flask(__name__)\n", std::nullopt, ""},
    {"def create_app():\n    return object()\n", std::nullopt, ""},
    {"from flask import Flask\ndef create_application():\n    pass\n", std::nullopt, ""},
  };
  for (const auto& [source, framework, variable, factory] : cases) {
    auto found = find_app_object(source);
    ASSERT_EQ(found.has_value(), framework.has_value()) << source;
    if (found) {
      EXPECT_EQ(found->framework, *framework) << source;
      EXPECT_EQ(found->variable, variable) << source;
      EXPECT_EQ(found->factory, factory) << source;
    }
  }
}

} // namespace
} // namespace pycontainer::python
