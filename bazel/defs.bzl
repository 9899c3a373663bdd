"""pycontainer_image: an OCI image of what Bazel built, made by PyContainer's helper in one action.

    load("@rules_pycontainer//:defs.bzl", "pycontainer_image")

The files of `deps` (py_library sources and data, cc_binary(linkshared) extension modules, shared
libraries of cc_library, filegroups), with their runfiles, go into one layer laid out as Bazel's runfiles
tree under `prefix`: `<prefix>/<workspace>/<path>`, `<prefix>/<repository>/<path>` for an external one.
So the import paths of py_library (`imports`) and the RUNPATHs Bazel links into binaries (`$ORIGIN/...`
into `_solib_<cpu>`) hold in the image as in `bazel-bin/<binary>.runfiles`. Static archives and objects are
left out: they serve only at link time. The outputs, declared so Bazel caches them, are the OCI image
layout `<name>` (a directory) and `<name>.digest` (`NAME@sha256:...`). See README.md beside this file.
"""

# The inputs are symlinks in Bazel's sandbox (and into the execroot without it): they are linked into a
# tree of runfiles paths in a temporary directory and packed with --dereference, as the files they point
# to. The context is an empty directory: everything the image holds comes from `deps`. The helper's
# cache is a temporary directory too, as the sandbox may not write the user's.
_BUILD_SCRIPT = """set -euo pipefail
umask 022
helper=$1 workspace=$2 manifest=$3 prefix=$4
shift 4
stage=$(mktemp -d "${TMPDIR:-/tmp}/pycontainer-bazel.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/context" "$stage/files"
while IFS=$'\\t' read -r short_path path; do
  case $short_path in
    ../*) destination=${short_path#../} ;;
    *) destination=$workspace/$short_path ;;
  esac
  mkdir -p "$stage/files/$(dirname "$destination")"
  ln -s "$PWD/$path" "$stage/files/$destination"
done <"$manifest"
shopt -s nullglob
files=("$stage/files"/*)
if ((${#files[@]})); then
  set -- "$@" --files "${files[@]}" --destination "$prefix" --dereference
fi
"$helper" --quiet build --context "$stage/context" --cache-dir "$stage/cache" "$@"
"""

def _manifest_line(file):
    if file.extension in ("a", "o", "lo"):
        return None
    return file.short_path + "\t" + file.path

def _base_image(ctx):
    if ctx.attr.base_image and ctx.attr.base:
        fail("give either base (a label) or base_image (a reference), not both", attr = "base_image")
    ref = ":" + ctx.attr.base_ref if ctx.attr.base_ref else ""
    if ctx.attr.base_image:
        return ctx.attr.base_image
    files = ctx.files.base
    if not files:
        # The helper's default (python:X.Y-slim of its own X.Y, pulled by the action) need not be the
        # Python the extensions were compiled for: the base is always said.
        fail("give base (pycontainer_base's @NAME//:image, a layout's files, an oci-archive .tar) or base_image", attr = "base")
    if len(files) == 1 and files[0].extension == "tar":
        return "oci-archive:" + files[0].path + ref
    indexes = [file for file in files if file.basename == "index.json"]
    if not indexes:
        fail("%s is neither an oci-archive (.tar) nor the files of an OCI image layout (no index.json)" % ctx.attr.base.label, attr = "base")
    index = indexes[0]
    for other in indexes[1:]:  # the layout's own index.json, not one a layout holds inside (none should)
        if len(other.path) < len(index.path):
            index = other
    return "oci:" + index.dirname + ref

def _pycontainer_image_impl(ctx):
    layout = ctx.actions.declare_directory(ctx.label.name)
    digest = ctx.actions.declare_file(ctx.label.name + ".digest")
    if not ctx.attr.prefix.startswith("/"):
        fail("prefix \"%s\" must be an absolute directory of the image" % ctx.attr.prefix, attr = "prefix")
    runfiles_root = ctx.attr.prefix.rstrip("/")  # "" for "/"
    root = runfiles_root + "/" + ctx.workspace_name

    files = depset(transitive = [
        depset(transitive = [dep[DefaultInfo].files, dep[DefaultInfo].default_runfiles.files])
        for dep in ctx.attr.deps
    ])
    imports = depset(transitive = [dep[PyInfo].imports for dep in ctx.attr.deps if PyInfo in dep]).to_list()
    env = {"PYTHONPATH": ":".join([root] + [runfiles_root + "/" + path for path in imports])}
    env.update(ctx.attr.env)

    manifest = ctx.actions.declare_file(ctx.label.name + ".files")
    lines = ctx.actions.args()
    lines.set_param_file_format("multiline")
    lines.add_all(files, map_each = _manifest_line)
    ctx.actions.write(manifest, lines)

    arguments = ctx.actions.args()
    arguments.add_all([ctx.executable.pycontainer, ctx.workspace_name, manifest, runfiles_root or "/"])
    arguments.add("--output", layout.path)
    arguments.add("--stamp", digest)
    arguments.add("--no-cache")  # Bazel caches the outputs; the helper's cache is a temporary directory
    arguments.add_all(ctx.attr.image_tags or [ctx.label.name + ":latest"], before_each = "--tag")
    arguments.add("--workdir", root)
    arguments.add_all(["%s=%s" % item for item in env.items()], before_each = "--env")
    arguments.add_all(["%s=%s" % item for item in ctx.attr.labels.items()], before_each = "--label")
    arguments.add("--entrypoint", json.encode(ctx.attr.entrypoint))
    if ctx.attr.cmd:
        arguments.add("--cmd", json.encode(ctx.attr.cmd))
    arguments.add("--base-image", _base_image(ctx))
    arguments.add_all(ctx.attr.args)

    ctx.actions.run_shell(
        command = _BUILD_SCRIPT,
        arguments = [arguments],
        inputs = depset([manifest] + ctx.files.base, transitive = [files]),
        tools = [ctx.executable.pycontainer],
        outputs = [layout, digest],
        mnemonic = "PyContainerImage",
        progress_message = "Building image %s" % ctx.label,
    )
    return [DefaultInfo(files = depset([layout, digest]))]

pycontainer_image = rule(
    implementation = _pycontainer_image_impl,
    doc = "An OCI image layout of `deps` on a Python base, built by `pycontainer build`.",
    attrs = {
        "deps": attr.label_list(doc = "py_library, cc_binary, cc_library, filegroup...: their files and runfiles"),
        "base": attr.label(allow_files = True, doc = "The base: an OCI layout's files (pycontainer_base's @NAME//:image) or an oci-archive .tar"),
        "base_ref": attr.string(doc = "The image of `base` to use when it holds several (its ref name)"),
        "base_image": attr.string(doc = "The base as `pycontainer build --base-image` takes it, instead of `base` (a registry one is pulled by the action)"),
        "image_tags": attr.string_list(doc = "NAME[:TAG] references naming the image (default: <name>:latest)"),
        "entrypoint": attr.string_list(mandatory = True, allow_empty = False, doc = "The command: the context is empty, so the helper detects none"),
        "cmd": attr.string_list(doc = "Default arguments"),
        "env": attr.string_dict(doc = "Environment of the image; PYTHONPATH given here replaces the runfiles import paths"),
        "labels": attr.string_dict(doc = "Labels of the image"),
        "prefix": attr.string(default = "/app", doc = "The image directory of the runfiles root"),
        "args": attr.string_list(doc = "More options of `pycontainer build` (--sbom spdx, --platform, --compression zstd...)"),
        "pycontainer": attr.label(
            default = "@pycontainer//:pycontainer",
            executable = True,
            allow_single_file = True,
            cfg = "exec",
            doc = "The helper: an installed pycontainer (pycontainer_helper) or a label building one",
        ),
    },
)
