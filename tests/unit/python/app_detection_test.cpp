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
    // another function building and returning an app is a factory too
    {"from fastapi import FastAPI\ndef create():\n    app = FastAPI()\n    return app\n", WebFramework::fastapi,
     "create", true},
    {"from flask import Flask\ndef build():\n    return Flask(__name__)\n", WebFramework::flask, "build", true},
    {"from flask import Flask\ndef _build():\n    return Flask(__name__)\ndef serve():\n    app = Flask(__name__)\n"
     "    app.run()\n",
     std::nullopt, ""},
    // not factories: indented, no framework import
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

// `app = get_application()`: the module-level variable is the app, whichever function made it.
TEST(EntrypointAppObjectTest, ObjectMadeByAFunctionOfTheModule)
{
  auto found = find_app_object("from fastapi import FastAPI\n\n\ndef get_application() -> FastAPI:\n"
                               "    application = FastAPI(title='x')\n    return application\n\n\n"
                               "app = get_application()\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->framework, WebFramework::fastapi);
  EXPECT_EQ(found->variable, "app");
  EXPECT_FALSE(found->factory);
  EXPECT_EQ(found->built_by, "get_application");

  // a signature over several lines (its `) -> Flask:` in column 0), a decorator after the function
  found = find_app_object("import flask\n\ndef create_app(\n    config=None,\n) -> flask.Flask:\n"
                          "    \"\"\"Makes the app.\n\nLong text.\n\"\"\"\n    return setup(config)\n\n"
                          "application = create_app(\n    {'DEBUG': False},\n)\n@application.route('/')\ndef index():\n"
                          "    return 'hi'\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->framework, WebFramework::flask);
  EXPECT_EQ(found->variable, "application");
  EXPECT_EQ(found->built_by, "create_app");

  // a function returning something else, or nothing, makes no app
  EXPECT_FALSE(find_app_object("from fastapi import FastAPI\ndef get_engine():\n    return make_engine()\n"
                               "engine = get_engine()\n"));
  EXPECT_FALSE(find_app_object("from flask import Flask\ndef main():\n    app = Flask(__name__)\n    app.run()\n"
                               "result = main()\n"));
}

TEST(EntrypointAppObjectTest, ObjectMadeByAnImportedFactory)
{
  std::vector<std::pair<std::string, std::string>> asked;
  FactoryLookup lookup = [&](std::string_view module, std::string_view name) -> std::optional<WebFramework> {
    asked.emplace_back(module, name);
    return module == ".factory" && name == "build" ? std::optional(WebFramework::flask) : std::nullopt;
  };
  auto found = find_app_object("import os\nfrom .factory import (\n    build as create_app,\n    other,\n)\n"
                               "from config import settings\n\napp = create_app(settings)\n",
                               lookup);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->framework, WebFramework::flask);
  EXPECT_EQ(found->variable, "app");
  EXPECT_EQ(found->built_by, "create_app");
  EXPECT_EQ(asked, (std::vector<std::pair<std::string, std::string>>{{".factory", "build"}}));

  // not imported, or not an app according to the lookup
  EXPECT_FALSE(find_app_object("from fastapi import FastAPI\nengine = create_engine()\n", lookup));
  EXPECT_FALSE(find_app_object("from app.db import connect\nsession = connect()\n", lookup));
  EXPECT_FALSE(find_app_object("from .factory import build\napp = build()\n"));
}

TEST(EntrypointAppObjectTest, FindFactory)
{
  constexpr std::string_view source = "from fastapi import FastAPI\n\ndef create_app():\n    app = FastAPI()\n"
                                      "    return app\n\ndef helper():\n    return 1\n";
  EXPECT_EQ(find_factory(source, "create_app"), WebFramework::fastapi);
  EXPECT_EQ(find_factory(source, "helper"), std::nullopt);
  EXPECT_EQ(find_factory(source, "missing"), std::nullopt);
  EXPECT_EQ(find_factory("def create_app():\n    return FastAPI()\n", "create_app"), std::nullopt); // no import
}

TEST(EntrypointAppObjectTest, PortOfTheModulesOwnServerCall)
{
  struct Case {
    std::string_view source;
    std::optional<int> port;
    std::string_view call;
  };
  const Case cases[] = {
    {"from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port=8080)\n",
     8080, "app.run(port=8080)"},
    {"import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == '__main__':\n    uvicorn.run(\n"
     "        'main:app',\n        host='0.0.0.0',  # all interfaces\n        port = 9000,\n    )\n",
     9000, "uvicorn.run(port=9000)"},
    {"from flask import Flask\nfrom flask_socketio import SocketIO\napp = Flask(__name__)\nsocketio = SocketIO(app)\n"
     "socketio.run(app, port=5001)\n",
     5001, "socketio.run(port=5001)"},
    {"import gradio as gr\ndemo = gr.Interface(fn=f, inputs='text', outputs='text')\ndemo.launch(server_port=7861)\n",
     7861, "demo.launch(server_port=7861)"},
    // the default of an environment lookup, directly or through a name
    {"import os\nfrom flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n"
     "    port = int(os.environ.get('PORT', 5050))\n    app.run(host='0.0.0.0', port=port)\n",
     5050, "app.run(port=5050)"},
    {"import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(port=int(os.getenv('PORT', '8081')), debug=True)\n",
     8081, "app.run(port=8081)"},
    {"import gradio as gr\ndemo = gr.Blocks()\nPORT = \"7001\"\ndemo.launch(server_name='0.0.0.0', server_port=int(PORT))\n",
     std::nullopt, ""},
    {"import gradio as gr\ndemo = gr.Blocks()\nPORT = \"7001\"\ndemo.launch(server_port=PORT)\n", 7001,
     "demo.launch(server_port=7001)"},
    // no literal: the framework's default
    {"import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(port=int(os.environ['PORT']))\n", std::nullopt,
     ""},
    {"import os\nfrom flask import Flask\napp = Flask(__name__)\napp.run(port=os.environ.get('PORT'))\n", std::nullopt, ""},
    {"from flask import Flask\napp = Flask(__name__)\nport = other\napp.run(port=port)\n", std::nullopt, ""},
    {"from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n# app.run(port=1234)\n", std::nullopt, ""},
    {"from flask import Flask\napp = Flask(__name__)\nasyncio.run(main(port=99999))\n", std::nullopt, ""},
    {"import gradio as gr\ndemo = gr.Blocks()\ndemo.launch(port=1)\n", std::nullopt, ""},
  };
  for (const auto& [source, port, call] : cases) {
    auto found = find_app_object(source);
    ASSERT_TRUE(found) << source;
    EXPECT_EQ(found->port, port) << source;
    EXPECT_EQ(found->port_call, call) << source;
  }
}

TEST(EntrypointAppObjectTest, GradioAndStreamlitScripts)
{
  struct Case {
    std::string_view source;
    std::optional<WebFramework> framework;
  };
  const Case cases[] = {
    {"import gradio as gr\n\ndef greet(name):\n    return 'Hello ' + name\n\n"
     "demo = gr.Interface(fn=greet, inputs='text', outputs='text')\ndemo.launch()\n",
     WebFramework::gradio},
    {"import gradio as gr\nwith gr.Blocks() as demo:\n    gr.Markdown('hi')\nif __name__ == '__main__':\n"
     "    demo.queue().launch()\n",
     WebFramework::gradio},
    {"import gradio as gr\ndef make():\n    return gr.Blocks()\n", std::nullopt}, // never launched: a helper
    {"import streamlit as st\nimport pandas as pd\n\nst.title('Uber pickups in NYC')\n", WebFramework::streamlit},
    {"import streamlit\nx = streamlit.slider('x')\n", WebFramework::streamlit},
    {"import streamlit as st\nwith st.sidebar:\n    st.write('menu')\n", WebFramework::streamlit},
    {"import streamlit as st\ndef main():\n    st.write('hi')\n\nif __name__ == '__main__':\n    main()\n",
     WebFramework::streamlit},
    // the helper module of a Streamlit app: only functions using it
    {"import streamlit as st\n\ndef sidebar():\n    st.sidebar.write('x')\n", std::nullopt},
    {"import streamlit as st\nlast.write('x')\n", std::nullopt},
    // a Gradio app mounted on FastAPI is served as the FastAPI app
    {"import gradio as gr\nfrom fastapi import FastAPI\napp = FastAPI()\nio = gr.Interface(lambda x: x, 'text', 'text')\n"
     "app = gr.mount_gradio_app(app, io, path='/gradio')\n",
     WebFramework::fastapi},
  };
  for (const auto& [source, framework] : cases) {
    auto found = find_app_object(source);
    ASSERT_EQ(found.has_value(), framework.has_value()) << source;
    if (found) {
      EXPECT_EQ(found->framework, *framework) << source;
      EXPECT_EQ(found->variable, *framework == WebFramework::fastapi ? "app" : "") << source;
      EXPECT_EQ(to_string(found->framework), std::string(to_string(*framework))) << source;
    }
  }
  EXPECT_STREQ(to_string(WebFramework::gradio), "gradio");
  EXPECT_STREQ(to_string(WebFramework::streamlit), "streamlit");
}

} // namespace
} // namespace pycontainer::python
