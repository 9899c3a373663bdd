#!/usr/bin/env bash
# pycontainer-build's Python API over the helper, from the installed wheel: a project's build script written
# for that API (projects/old_api_app/build_image.py: BuildConfig with its field names, ImageBuilder.build()
# and .push()) builds, and pushes to the plain test registry; the typed results (digest, references,
# layers, pushed digest) are the layout's and the registry's as skopeo reads them; the fields reached the
# image (workdir, env, labels, entrypoint, include_paths, SBOM); the image runs. Errors: a field the helper
# cannot honour, a helper failure (its message and exit status), push() before build(); a dry run writes nothing.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
use_registry "$2"
use_python_base

venv=$WORK/venv
venv_with_wheel "$venv"
project=$WORK/project
cp -r "$PYCONTAINER_SOURCE_DIR/tests/python/projects/old_api_app" "$project"
(cd "$project" && "$venv/bin/python" build_image.py notes-app:1.2.0 "$base" "$REGISTRY/team/notes:1.2.0") \
  >"$WORK/result.json" 2>"$WORK/build.err" || fail "build_image.py failed: $(cat "$WORK/build.err")"
result=$WORK/result.json
layout=$project/dist/image
check_layout_with_tools "$layout" 1.2.0
digest=$(manifest_digest "$layout" 1.2.0)
expect_eq "$(json_get "$result" 'd["tag"]')" notes-app:1.2.0 "build() returns the tag"
expect_eq "$(json_get "$result" 'd["digest"]')" "$digest" "result.digest"
expect_eq "$(json_get "$result" 'd["references"]')" "['docker.io/library/notes-app:1.2.0']" "result.references"
expect_eq "$(json_get "$result" 'd["platform"]')" linux/amd64 "result.platform"
expect_eq "$(json_get "$result" 'd["outputs"]')" "['$layout']" "result.outputs"
skopeo inspect --raw "oci:$layout:1.2.0" >"$WORK/manifest.json"
expect_eq "$(json_get "$result" '[(l["digest"], l["size"], l["media_type"]) for l in d["layers"]]')" \
  "$(json_get "$WORK/manifest.json" '[(l["digest"], l["size"], l["mediaType"]) for l in d["layers"]]')" "result.layers"
expect_eq "$(json_get "$result" 'd["pushed"]')" "$REGISTRY/team/notes:1.2.0" "push() returns the reference"
expect_eq "$(json_get "$result" 'd["pushed_digest"]')" "$digest" "the pushed digest"
expect_eq "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/team/notes:1.2.0")" \
  "$digest" "what the registry serves"
skopeo inspect --config "oci:$layout:1.2.0" >"$WORK/config.json"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["WorkingDir"]')" /srv/notes "workdir"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Entrypoint"]')" "['python3', '-m', 'notes']" "entrypoint"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["maintainer"]')" team@example.com "labels"
expect_contains "$(json_get "$WORK/config.json" 'd["config"]["Env"]')" NOTES_MODE=production "env"
grep -q '"org.opencontainers.image.ref.name":"1.2.0.sbom"' "$layout/index.json" ||
  fail "no SBOM (generate_sbom='spdx') in $layout/index.json: $(cat "$layout/index.json")"
unpack_image "$layout" 1.2.0 "$WORK/bundle"
[[ -f $WORK/bundle/rootfs/srv/notes/src/notes/__main__.py && ! -e $WORK/bundle/rootfs/srv/notes/build_image.py ]] ||
  fail "include_paths: the image's /srv/notes is not src/ and pyproject.toml: $(ls "$WORK/bundle/rootfs/srv/notes")"
expect_eq "$(run_image "$layout" 1.2.0 "$WORK/bundle")" "notes production on x86_64 in /srv/notes" "the image's output"

# Errors and the dry run, from the same venv.
(cd "$project" && "$venv/bin/python" - "$base") <<'PY' || fail "the API's errors"
import os, sys
from pycontainer import PyContainerError
from pycontainer.builder import ImageBuilder
from pycontainer.config import BuildConfig

base = sys.argv[1]

def refused(config, expected, code, call="build"):
    try:
        getattr(ImageBuilder(config), call)()
    except PyContainerError as error:
        assert expected in error.message, f"{error.message!r} lacks {expected!r}"
        assert error.exit_code == code, (error.exit_code, error.message)
        print("ok refused:", error.message)
        return
    raise AssertionError(f"{config} was not refused")

refused(BuildConfig(tag="x:1", platform="amd64", output_dir="out-platform"), "BuildConfig.platform = 'amd64'", 2)
refused(BuildConfig(tag="x:1", generate_sbom="swid", output_dir="out-sbom"), "expected True, 'spdx' or 'cyclonedx'", 2)
refused(BuildConfig(tag="x:1", requirements_file="dev.txt", output_dir="out-req"), "only read with include_deps=True", 2)
refused(BuildConfig(tag="x:1", base_image="oci:/nonexistent/layout", output_dir="out-base"), "/nonexistent/layout", 2)
refused(BuildConfig(tag="x:1", base_image=base, output_dir="out-push"), "Must call build() before push()", 2, "push")
for name in ("out-platform", "out-sbom", "out-req", "out-base", "out-push"):
    assert not os.path.exists(name), f"{name} written"
dry = ImageBuilder(BuildConfig(tag="x:1", base_image=base, output_dir="out-dry", dry_run=True)).build()
assert dry == "x:1" and dry.digest is None and not os.path.exists("out-dry"), (dry, dry.digest)
print("ok dry run")
PY
# The other fields, each as its flag: user, cmd, exposed_ports, reproducible, use_cache, cache_dir,
# max_cache_size_mb, output_dir (the default workdir /app).
(cd "$project" && "$venv/bin/python" - "$base" "$WORK/own-cache") <<'PY' || fail "the other fields"
import sys
from pycontainer.builder import ImageBuilder
from pycontainer.config import BuildConfig

base, cache = sys.argv[1:]
result = ImageBuilder(BuildConfig(tag="notes:fields", base_image=base, user="1000:1000", cmd=["--port", "9000"],
                                  exposed_ports=[8000, "9000/udp"], reproducible=False, use_cache=False,
                                  cache_dir=cache, max_cache_size_mb=64, output_dir="out-fields",
                                  entrypoint="python3 -m notes")).build()
image = result.image
assert image["user"] == "1000:1000" and image["cmd"] == ["--port", "9000"], image
assert sorted(image["exposed_ports"]) == ["8000/tcp", "9000/udp"], image["exposed_ports"]
assert image["working_dir"] == "/app" and image["entrypoint"] == ["python3", "-m", "notes"], image
assert not image["created"].startswith("1980"), image["created"]
assert result.outputs[-1].endswith("out-fields"), result.outputs
print("ok fields:", image["user"], image["cmd"], image["exposed_ports"], image["created"])
PY
[[ -d $WORK/own-cache ]] || fail "cache_dir: $WORK/own-cache was not used"
echo "ok: built $digest, pushed to $REGISTRY/team/notes:1.2.0, ran"
