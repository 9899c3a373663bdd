#!/usr/bin/env bash
# The command line helps with mistakes: a mistyped command or option is an error (exit 2) that names
# the one meant; and -t is repeatable, every tag naming the same image in the layout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool skopeo skopeo

# expect_usage_error EXPECTED-TEXT ARGUMENTS...: pycontainer ARGUMENTS exits 2 with EXPECTED-TEXT on stderr.
expect_usage_error() {
  local expected=$1 status=0
  shift
  "$PYCONTAINER" "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
  expect_eq "$status" 2 "exit status of pycontainer $*"
  expect_contains "$(cat "$WORK/err")" "$expected" "stderr of pycontainer $*"
}

expect_usage_error "pycontainer: error: unknown command 'biuld'; did you mean 'build'?" biuld
expect_usage_error "unknown option '--base-imgae'; did you mean '--base-image'?" build --base-imgae "$(python_base)"
expect_usage_error "unknown option '--base-imgae=x'; did you mean '--base-image'?" build --base-imgae=x
expect_usage_error "unknown option '--verbos'; did you mean '--verbose'?" --verbos build
expect_usage_error "unknown option '--digest-fiel'; did you mean '--digest-file'?" push --digest-fiel x a b
# Nothing near enough: CLI11's own message, still exit 2.
expect_usage_error "not expected: --zzzzzz" build --zzzzzz
expect_usage_error "A subcommand is required" frobnicate

# -t three times: each names the image in index.json, and every tool reads each.
"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$(python_base)" \
  --output "$WORK/image" -t hello:1.0 -t hello:latest --tag acme/hello:stable > "$WORK/stdout"
expect_contains "$(cat "$WORK/stdout")" "docker.io/library/hello:1.0@sha256:" "build output"
# (oci-image-tool refuses any layout naming one manifest twice: "descriptor ... is not unique".)
digest=$(manifest_digest "$WORK/image" 1.0)
for ref in 1.0 latest stable; do
  expect_eq "$(manifest_digest "$WORK/image" "$ref")" "$digest" "manifest tagged $ref"
  expect_eq "$(skopeo inspect --format '{{.Labels}}' "oci:$WORK/image:$ref")" \
    "$(skopeo inspect --format '{{.Labels}}' "oci:$WORK/image:1.0")" "labels skopeo reads from $ref"
  "$PYCONTAINER" --quiet verify "$WORK/image:$ref" || fail "pycontainer verify rejects $ref"
done
expect_eq "$(json_get "$WORK/image/index.json" \
  'sorted(m["annotations"]["io.containerd.image.name"] for m in d["manifests"])')" \
  "['docker.io/acme/hello:stable', 'docker.io/library/hello:1.0', 'docker.io/library/hello:latest']" "image names"
# Tags of one tag part in different repositories: the first is named by its tag, the others by their
# whole reference, and none replaces another.
"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$(python_base)" \
  --output "$WORK/repos" -t a:1 -t b:1 -t ghcr.io/acme/c:1 > /dev/null
expect_eq "$(json_get "$WORK/repos/index.json" \
  'sorted((m["annotations"]["org.opencontainers.image.ref.name"], m["annotations"]["io.containerd.image.name"]) for m in d["manifests"])')" \
  "[('1', 'docker.io/library/a:1'), ('docker.io/library/b:1', 'docker.io/library/b:1'), ('ghcr.io/acme/c:1', 'ghcr.io/acme/c:1')]" \
  "names of tags sharing a tag part"
for ref in 1 docker.io/library/b:1 ghcr.io/acme/c:1; do
  expect_eq "$(skopeo inspect --format '{{.Digest}}' "oci:$WORK/repos:$ref")" "$(manifest_digest "$WORK/repos" 1)" \
    "the manifest skopeo reads as $ref"
done
"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$(python_base)" \
  --output "$WORK/image" -t hello:1.0 --dry-run > "$WORK/plan"
expect_contains "$(cat "$WORK/plan")" "Image:       docker.io/library/hello:1.0" "plan of one -t"
"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$(python_base)" \
  -t hello:1.0 -t hello:2.0 --dry-run > "$WORK/plan"
expect_contains "$(cat "$WORK/plan")" "Image:       docker.io/library/hello:1.0, docker.io/library/hello:2.0" "plan of two -t"
echo "PASS"
