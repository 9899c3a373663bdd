"""Repository rules for PyContainer under Bazel (WORKSPACE mode): the helper, a base image, the Python
headers an extension compiles against, and the rule sets Debian's bazel-bootstrap cannot download.

    load("@rules_pycontainer//:repositories.bzl", "pycontainer_helper", "pycontainer_base", ...)

See README.md beside this file.
"""

def _pycontainer_helper_impl(repository_ctx):
    path = repository_ctx.attr.path or repository_ctx.os.environ.get("PYCONTAINER", "")
    if path:
        helper = repository_ctx.path(path)
        if not helper.exists:
            fail("pycontainer_helper: '%s' does not exist (the path of an installed pycontainer)" % path)
    else:
        helper = repository_ctx.which("pycontainer")
        if not helper:
            fail("pycontainer_helper: no pycontainer on PATH; install PyContainer (cmake --install) or give " +
                 "pycontainer_helper(path = ...) or the environment variable PYCONTAINER")
    repository_ctx.symlink(helper, "pycontainer")
    repository_ctx.file("BUILD", 'exports_files(["pycontainer"], visibility = ["//visibility:public"])\n')

pycontainer_helper = repository_rule(
    implementation = _pycontainer_helper_impl,
    doc = "An installed pycontainer as @NAME//:pycontainer: `path`, else $PYCONTAINER, else the one on PATH.",
    attrs = {"path": attr.string(doc = "The absolute path of the pycontainer executable")},
    environ = ["PYCONTAINER", "PATH"],
    local = True,
)

_BASE_BUILD = """filegroup(
    name = "image",
    srcs = glob(["layout/**"]),
    visibility = ["//visibility:public"],
)
"""

def _pycontainer_base_impl(repository_ctx):
    image = repository_ctx.attr.image
    if image.startswith("oci:"):
        # A local layout, linked as is; pycontainer_image(base_ref = ...) picks one image of several.
        directory = image[len("oci:"):]
        layout = repository_ctx.path(directory)
        if not layout.get_child("index.json").exists:
            fail("pycontainer_base: '%s' is not an OCI image layout (no index.json)" % directory)
        repository_ctx.symlink(layout, "layout")
    else:
        arguments = [repository_ctx.path(repository_ctx.attr.pycontainer), "--quiet", "pull", image, "--output", "layout"]
        if repository_ctx.attr.platform:
            arguments += ["--platform", repository_ctx.attr.platform]
        result = repository_ctx.execute(arguments, timeout = 3600, quiet = False)
        if result.return_code != 0:
            fail("pycontainer_base: pulling %s failed:\n%s" % (image, result.stderr))
    repository_ctx.file("BUILD", _BASE_BUILD)

pycontainer_base = repository_rule(
    implementation = _pycontainer_base_impl,
    doc = "A base image as @NAME//:image, for pycontainer_image(base = ...): pulled at fetch time by the " +
          "helper (a registry reference), or a local OCI image layout (oci:DIR).",
    attrs = {
        "image": attr.string(mandatory = True, doc = "A registry reference, or oci:DIR (a local OCI image layout)"),
        "platform": attr.string(doc = "os/arch[/variant] of a multi-platform image (default: linux/amd64)"),
        "pycontainer": attr.label(default = "@pycontainer//:pycontainer", doc = "The helper that pulls"),
    },
)

_PYTHON_HEADERS_BUILD = """cc_library(
    name = "python_headers",
    hdrs = glob(["include/**/*.h"]),
    includes = ["include"],
    visibility = ["//visibility:public"],
)
"""

def _python_headers_impl(repository_ctx):
    python = repository_ctx.which(repository_ctx.attr.python)
    if not python:
        fail("python_headers: no %s on PATH" % repository_ctx.attr.python)
    result = repository_ctx.execute([python, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"])
    include = repository_ctx.path(result.stdout.strip())
    if result.return_code != 0 or not include.get_child("Python.h").exists:
        fail("python_headers: %s has no Python.h in '%s' (Debian package: python3-dev)" % (python, result.stdout.strip()))
    repository_ctx.symlink(include, "include")
    repository_ctx.file("BUILD", _PYTHON_HEADERS_BUILD)

python_headers = repository_rule(
    implementation = _python_headers_impl,
    doc = "The C headers of the host's Python (python3-dev) as @NAME//:python_headers, for extension modules.",
    attrs = {"python": attr.string(default = "python3")},
    environ = ["PATH"],
    local = True,
)

# The rule sets that Bazel 4.2's own tools load (@bazel_tools names them, and an official Bazel binary
# carries their archives). Debian's bazel-bootstrap carries none and, offline, cannot download them;
# Debian's bazel-rules-* packages are for a newer Bazel. Each is made here as a thin front of the rules
# Bazel 4.2 still has built in.
_FORWARDING_REPOSITORIES = {
    "rules_cc": {
        "cc/BUILD": 'alias(name = "toolchain_type", actual = "@bazel_tools//tools/cpp:toolchain_type", visibility = ["//visibility:public"])\n',
        "cc/defs.bzl": "".join(["%s = native.%s\n" % (rule, rule) for rule in [
            "cc_binary",
            "cc_import",
            "cc_library",
            "cc_proto_library",
            "cc_test",
            "cc_toolchain",
            "cc_toolchain_suite",
            "fdo_prefetch_hints",
            "fdo_profile",
            "objc_import",
            "objc_library",
        ]]),
    },
    "rules_java": {
        "java/BUILD": "",
        "java/defs.bzl": "".join(["%s = native.%s\n" % (rule, rule) for rule in [
            "java_binary",
            "java_import",
            "java_library",
            "java_lite_proto_library",
            "java_package_configuration",
            "java_plugin",
            "java_proto_library",
            "java_runtime",
            "java_test",
            "java_toolchain",
        ]]),
    },
    "rules_proto": {
        "proto/BUILD": "",
        "proto/defs.bzl": "".join(["%s = native.%s\n" % (rule, rule) for rule in [
            "proto_lang_toolchain",
            "proto_library",
        ]]),
    },
    "rules_python": {
        "python/BUILD": 'alias(name = "toolchain_type", actual = "@bazel_tools//tools/python:toolchain_type", visibility = ["//visibility:public"])\n',
        "python/defs.bzl": 'load("@bazel_tools//tools/python:toolchain.bzl", _py_runtime_pair = "py_runtime_pair")\n' +
                           "py_runtime_pair = _py_runtime_pair\n" +
                           "".join(["%s = native.%s\n" % (rule, rule) for rule in ["py_binary", "py_library", "py_runtime", "py_test"]]),
    },
}

def _forwarding_repository_impl(repository_ctx):
    repository_ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % repository_ctx.name)
    repository_ctx.file("BUILD", "")
    for path, content in repository_ctx.attr.files.items():
        repository_ctx.file(path, content)

_forwarding_repository = repository_rule(
    implementation = _forwarding_repository_impl,
    attrs = {"files": attr.string_dict()},
)

def debian_bazel_repositories():
    """rules_cc, rules_java, rules_proto and rules_python for Debian's bazel-bootstrap, offline.

    Call it first in WORKSPACE; a repository of the same name defined before it is kept.
    """
    for name, files in _FORWARDING_REPOSITORIES.items():
        if not native.existing_rule(name):
            _forwarding_repository(name = name, files = files)
