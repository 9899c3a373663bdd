# Helpers for the end-to-end dependency tests (sourced after ../integration/lib.sh).

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN_BUNDLE="$E2E_DIR/../integration/run_bundle.py"

# debian_packages DIR PACKAGE...: the packages' files, extracted with dpkg -x into DIR/root. The .deb
# files are cached in $PYCONTAINER_FIXTURES/debs (apt-get download; Debian's mirror is the only index
# these tests reach).
debian_packages() {
  local into=$1
  shift
  require_tool apt-get apt
  require_tool dpkg-deb dpkg
  local cache="$PYCONTAINER_FIXTURES/debs"
  mkdir -p "$cache" "$into/root"
  local package missing=()
  for package in "$@"; do
    compgen -G "$cache/${package}_*.deb" >/dev/null || missing+=("$package")
  done
  if ((${#missing[@]})); then
    (cd "$cache" && apt-get download "${missing[@]}" 2>/dev/null) || fail "apt-get download ${missing[*]} failed"
  fi
  for package in "$@"; do
    dpkg-deb -x "$(compgen -G "$cache/${package}_*.deb" | head -n 1)" "$into/root"
  done
}

# make_venv_from_debs VENV PACKAGE...: a virtualenv (python3 -m venv, no pip) whose site-packages hold
# the Debian packages' dist-packages, and whose bin/ holds their scripts with the venv's shebang, as
# pip would have installed them.
make_venv_from_debs() {
  local venv=$1
  shift
  python3 -m venv --without-pip "$venv" || fail "python3 -m venv failed (Debian package: python3-venv)"
  debian_packages "$venv.debs" "$@"
  local site
  site=$(echo "$venv"/lib/python3*/site-packages)
  cp -a "$venv.debs/root/usr/lib/python3/dist-packages/." "$site/"
  local script
  for script in "$venv.debs"/root/usr/bin/*; do
    [[ -f $script ]] || continue
    { echo "#!$venv/bin/python3"; tail -n +2 "$script"; } >"$venv/bin/$(basename "$script")"
    chmod 755 "$venv/bin/$(basename "$script")"
  done
  rm -rf "$venv.debs"
}

# free_port: a loopback TCP port nobody listens on.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# http_get URL: the body of one GET (2 s timeout); fails when there is no answer. HTTP_GET_PY is its
# Python, for a python3 elsewhere (in a container).
HTTP_GET_PY='import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())'
http_get() {
  python3 -c "$HTTP_GET_PY" "$1"
}

# build_fastapi_image DIR: examples/fastapi-app copied to DIR/fastapi-app with its dependencies in a
# virtualenv in its context (FastAPI, uvicorn and theirs from Debian's packages), built with
# --include-deps on the Python base into the layout DIR/image, tag 0.1.0.
build_fastapi_image() {
  local app="$1/fastapi-app"
  cp -a "$PYCONTAINER_SOURCE_DIR/examples/fastapi-app" "$app"
  # The interpreter of the venv is Debian's Python 3.11, as the base image's.
  PATH="/usr/bin:$PATH" make_venv_from_debs "$app/.venv" python3-fastapi python3-uvicorn python3-starlette \
    python3-pydantic python3-anyio python3-sniffio python3-idna python3-h11 python3-typing-extensions \
    python3-click python3-asgiref python3-wsproto
  "$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps \
    --output "$1/image" >/dev/null
}

# make_flask_app DIR: a Flask app (pyproject.toml, app.py) with Flask and its dependencies from Debian's
# packages in a virtualenv DIR/.venv.
make_flask_app() {
  mkdir -p "$1"
  cat >"$1/pyproject.toml" <<'TOML'
[project]
name = "flask-hello"
version = "1.0"
requires-python = ">=3.11"
dependencies = ["flask"]
TOML
  cat >"$1/app.py" <<'PY'
from flask import Flask
import markupsafe

app = Flask(__name__)

@app.route("/")
def index():
    return f"hello from flask in the image ({markupsafe.escape('<ok>')})"
PY
  make_venv_from_debs "$1/.venv" python3-flask python3-werkzeug python3-jinja2 python3-markupsafe \
    python3-itsdangerous python3-click
}

# use_requirements_app DIR: the requirements case: wheels of two local packages in the wheelhouse
# DIR/wheelhouse (fastcalc with a C extension; greet, a console script using it), and DIR/app, a project
# whose requirements.txt names greet (its entrypoint must be set: --entrypoint greet). Exports what makes
# pip install from that wheelhouse only (PIP_FIND_LINKS, PIP_NO_INDEX) and Debian's python3 and pip first
# on PATH (the helper runs `python3 -m pip`). The image's greet prints $requirements_greeting.
use_requirements_app() {
  export PATH="/usr/bin:$PATH" SETUPTOOLS_USE_DISTUTILS=stdlib
  python3 -c 'import pip, wheel, setuptools' 2>/dev/null ||
    fail "pip, wheel and setuptools are needed (Debian packages: python3-pip python3-wheel python3-setuptools)"

  # fastcalc: a C extension.
  mkdir -p "$1/src/fastcalc/fastcalc"
  cat >"$1/src/fastcalc/setup.py" <<'PY'
from setuptools import Extension, setup
setup(name="fastcalc", version="1.0", packages=["fastcalc"],
      ext_modules=[Extension("fastcalc._calc", ["fastcalc/_calc.c"])])
PY
  echo 'from fastcalc._calc import add' >"$1/src/fastcalc/fastcalc/__init__.py"
  cat >"$1/src/fastcalc/fastcalc/_calc.c" <<'C'
#include <Python.h>
static PyObject* add(PyObject* self, PyObject* args) {
  long a, b;
  if (!PyArg_ParseTuple(args, "ll", &a, &b)) return NULL;
  return PyLong_FromLong(a + b);
}
static PyMethodDef methods[] = {{"add", add, METH_VARARGS, "a + b"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_calc", NULL, -1, methods};
PyMODINIT_FUNC PyInit__calc(void) { return PyModule_Create(&module); }
C
  # greet: a console script using fastcalc.
  mkdir -p "$1/src/greet/greet"
  cat >"$1/src/greet/setup.py" <<'PY'
from setuptools import setup
setup(name="greet", version="2.0", packages=["greet"], install_requires=["fastcalc"],
      entry_points={"console_scripts": ["greet = greet.cli:main"]})
PY
  touch "$1/src/greet/greet/__init__.py"
  cat >"$1/src/greet/greet/cli.py" <<'PY'
import sys
import fastcalc

def main():
    print(f"greet says 2 + 3 = {fastcalc.add(2, 3)} on Python {sys.version_info[0]}.{sys.version_info[1]} at {sys.executable}")
PY
  for package in fastcalc greet; do
    python3 -m pip wheel --quiet --no-index --no-build-isolation --no-deps -w "$1/wheelhouse" "$1/src/$package" ||
      fail "pip wheel $package failed"
  done

  mkdir -p "$1/app"
  printf '[project]\nname = "greeter"\nversion = "1.0"\n' >"$1/app/pyproject.toml"
  echo "greet" >"$1/app/requirements.txt"
  echo "print('unused')" >"$1/app/main.py"

  export PIP_FIND_LINKS="$1/wheelhouse" PIP_NO_INDEX=1
  requirements_greeting="greet says 2 + 3 = 5 on Python 3.11 at /app/.venv/bin/python3"
}

# serve_and_get BUNDLE PORT PATH [EXTRA ARGS...]: starts the bundle's entrypoint (with the extra
# arguments), waits for PORT on 127.0.0.1 to answer PATH, prints the body, and stops the server.
serve_and_get() {
  local bundle=$1 port=$2 path=$3
  shift 3
  python3 "$RUN_BUNDLE" "$bundle" --timeout 120 -- "$@" >"$bundle.log" 2>&1 &
  local server=$!
  local body="" attempt
  for attempt in $(seq 1 100); do
    if body=$(http_get "http://127.0.0.1:$port$path" 2>/dev/null); then
      break
    fi
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
  done
  # The server is run_bundle.py's child: stop it first, then run_bundle.py.
  pkill -P "$server" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  if [[ -z $body ]]; then
    cat "$bundle.log" >&2
    fail "no HTTP answer from the image on 127.0.0.1:$port$path"
  fi
  echo "$body"
}

# layer_digests LAYOUT REF: the image's layer digests, one a line.
layer_digests() {
  local manifest
  manifest=$(manifest_digest "$1" "$2")
  json_get "$1/blobs/sha256/${manifest#sha256:}" '"\n".join(l["digest"] for l in d["layers"])'
}
