#!/usr/bin/env bash
# pycontainer-build's push settings against the plain test registry: `push = true` with `registry = "..."`
# in [tool.pycontainer] pushes with no flag; --registry as a host (each -t's repository on it), as a
# repository and as NAME:TAG; -c names the config file, whose [registry] url is the same setting;
# --no-progress leaves out the per-blob lines. Every pushed tag is read back by skopeo.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"

# remote_digest REF: the manifest digest the registry serves for REF.
remote_digest() {
  skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$1"
}

# The corpus project written for pycontainer-build, told to push to the test registry.
project=$WORK/compat
cp -r "$PYCONTAINER_SOURCE_DIR/tests/projects/pycontainer_build_compat" "$project"
sed -i -e 's|^push = false$|push = true|' -e "s|^registry = .*|registry = \"$REGISTRY/team/compat-api\"|" \
  "$project/pyproject.toml"
grep -q '^push = true$' "$project/pyproject.toml" || fail "the project's push = false was not replaced"
(cd "$project" && "$PYCONTAINER" build --base-image "$base") >"$WORK/compat.out" 2>"$WORK/compat.err" ||
  fail "build with push = true failed: $(cat "$WORK/compat.err")"
digest=$(manifest_digest "$project/dist/image" 0.4.1)
expect_eq "$(cat "$WORK/compat.out")" "$REGISTRY/team/compat-api:0.4.1@$digest" "what push = true printed"
expect_eq "$(remote_digest "$REGISTRY/team/compat-api:0.4.1")" "$digest" "pushed by push = true"
expect_contains "$(cat "$WORK/compat.err")" "pycontainer: built" "verbose = true output"
expect_contains "$(cat "$WORK/compat.err")" "Labels:" "verbose = true shows the plan"
(cd "$project" && "$PYCONTAINER" build --base-image "$base" --dry-run) >"$WORK/compat.plan"
expect_contains "$(cat "$WORK/compat.plan")" "Push:        $REGISTRY/team/compat-api:0.4.1" "dry run"

# --registry HOST with three -t: each tag's repository on that host; --no-progress: no per-blob lines.
"$PYCONTAINER" build --context "$context" --base-image "$base" --output "$WORK/hello" -t hello:1 -t hello:latest \
  -t acme/hello:2 --registry "$REGISTRY" --push --no-progress >"$WORK/host.out" 2>"$WORK/host.err"
digest=$(manifest_digest "$WORK/hello" 1)
for ref in hello:1 hello:latest acme/hello:2; do
  expect_eq "$(remote_digest "$REGISTRY/$ref")" "$digest" "$ref pushed to the --registry host"
  expect_contains "$(cat "$WORK/host.out")" "$REGISTRY/$ref@$digest" "pushed references"
done
grep -q "sha256:" "$WORK/host.err" && fail "--no-progress printed per-blob lines: $(cat "$WORK/host.err")"

# Without --no-progress the same push prints them (the blobs exist now).
"$PYCONTAINER" build --context "$context" --base-image "$base" --output "$WORK/hello" -t hello:1 \
  --registry "$REGISTRY" --push >/dev/null 2>"$WORK/progress.err"
grep -q "^exists sha256:" "$WORK/progress.err" || fail "no per-blob line without --no-progress: $(cat "$WORK/progress.err")"

# --registry REPOSITORY takes each tag's tag; --registry NAME:TAG is the one destination.
"$PYCONTAINER" --quiet build --context "$context" --base-image "$base" --output "$WORK/hello" -t hello:3 -t hello:4 \
  --registry "$REGISTRY/mirror/hello" --push >/dev/null
expect_eq "$(remote_digest "$REGISTRY/mirror/hello:3")" "$(remote_digest "$REGISTRY/mirror/hello:4")" "repository"
"$PYCONTAINER" --quiet build --context "$context" --base-image "$base" --output "$WORK/hello" -t hello:5 \
  --registry "$REGISTRY/pinned/app:v9" --push >"$WORK/pinned.out"
expect_eq "$(cut -d@ -f1 "$WORK/pinned.out")" "$REGISTRY/pinned/app:v9" "the one NAME:TAG destination"
skopeo inspect --tls-verify=false "docker://$REGISTRY/pinned/app:5" >/dev/null 2>&1 && fail "hello:5's own tag was pushed"

# -c FILE: a pycontainer.toml outside the context, its [registry] url and [build] push.
cat > "$WORK/elsewhere.toml" <<TOML
[build]
push = true
tag = "hello:from-config"

[registry]
url = "$REGISTRY/configured"
TOML
"$PYCONTAINER" --quiet build --context "$context" --base-image "$base" --output "$WORK/hello" -c "$WORK/elsewhere.toml" \
  >"$WORK/config.out"
expect_eq "$(remote_digest "$REGISTRY/configured:from-config")" "$(manifest_digest "$WORK/hello" from-config)" "-c config"
echo "PASS"
