#!/usr/bin/env bash
# Faults between the helper and real registries, injected by fault_proxy.py (a loopback proxy started
# here, one per case, whose log says what it saw): 503 twice then success; 429 with Retry-After
# honoured; persistent 500 fails after the bounded retries, a 404 is not retried; a flipped byte in a
# pulled blob is a digest error that caches nothing; a server that drips bytes is stopped at the
# request deadline; a blob longer than its descriptor and a manifest over 4 MiB are refused (exact
# messages); a download cut mid-way resumes with Range; a connection cut mid-upload (a chunk PATCH
# and a final PUT) still pushes the right blobs; a base pinned by digest builds with its registry
# gone; a blob redirect to another host gets no Authorization; --verbose shows neither the password nor the tokens nor the redirect's signature;
# a registry refusing an image index (415) gets an error saying so, and push --platform pushes one image.
#   faults.sh WORK PLAIN_STATE TOKEN_STATE
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
[[ -f $3/registry.env ]] || fail "the token registry fixture did not start (no $3/registry.env)"
token_registry=$(source "$3/registry.env" && echo "$REGISTRY")
token_user=$(source "$3/registry.env" && echo "$REGISTRY_USER")
token_secret=$(source "$3/registry.env" && echo "$REGISTRY_SECRET")

run=$RANDOM # fresh repositories for pushes, should the registry outlive one run
proxy_pids=()
trap 'for pid in "${proxy_pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

# start_proxy NAME UPSTREAM [RULE-JSON...]: a fault proxy in front of UPSTREAM, logging to
# $WORK/NAME.log; sets PROXY (its address), REDIRECT_TARGET, REDIRECT_SIGNATURE and PROXY_PID.
start_proxy() {
  local name=$1 upstream=$2 rule
  shift 2
  local rules=()
  for rule in "$@"; do
    rules+=(--rule "$rule")
  done
  mkdir -p "$WORK/$name.objects"
  "$SYSTEM_PYTHON" "$REGISTRY_TEST_DIR/fault_proxy.py" --upstream "$upstream" --env-file "$WORK/$name.env" \
    --log "$WORK/$name.log" --state-dir "$WORK/$name.objects" --time-limit 240 "${rules[@]}" 2>"$WORK/$name.err" &
  PROXY_PID=$!
  proxy_pids+=("$PROXY_PID")
  for _ in $(seq 200); do
    [[ -f $WORK/$name.env ]] && break
    sleep 0.05
  done
  [[ -f $WORK/$name.env ]] || fail "fault proxy $name did not start: $(cat "$WORK/$name.err")"
  source "$WORK/$name.env"
}

stop_proxy() {
  kill "$PROXY_PID"
  wait "$PROXY_PID" || true
}

# proxy_log NAME EXPRESSION: EXPRESSION over `log` (the entries of $WORK/NAME.log); h(e, "name")
# gives a header of entry e.
proxy_log() {
  "$SYSTEM_PYTHON" -c '
import json, sys
log = [json.loads(line) for line in open(sys.argv[1])]
def h(e, name):
    return next((v for k, v in e["headers"] if k.lower() == name), None)
print(eval(sys.argv[2]))' "$WORK/$1.log" "$2"
}

# Images on the plain registry, pushed directly: the Python base (one 70 MB layer) and a tiny one.
skopeo copy --quiet --dest-tls-verify=false "oci:$base_dir:$base_tag" "docker://$REGISTRY/faults/base:1"
base_digest=$(manifest_digest "$base_dir" "$base_tag")
layer=$(json_get "$base_dir/blobs/sha256/${base_digest#sha256:}" 'd["layers"][0]["digest"]')
tiny_image "$WORK/tiny"
skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/tiny:1" "docker://$REGISTRY/faults/tiny:1"
tiny_digest=$(manifest_digest "$WORK/tiny" 1)

# 503 twice, then the registry's answer: the pull completes
start_proxy unavailable "$REGISTRY" '{"method": "GET", "path": "/manifests/", "nth": [1, 2], "action": "status", "status": 503}'
"$PYCONTAINER" --quiet pull "$PROXY/faults/base:1" --output "$WORK/p503" --cache-dir "$WORK/cache-503" >/dev/null
expect_eq "$(manifest_digest "$WORK/p503" 1)" "$base_digest" "manifest pulled after two 503s"
expect_eq "$(proxy_log unavailable '[(e["action"], e["status"]) for e in log if "/manifests/" in e["target"]]')" \
  "[('status', 503), ('status', 503), ('forward', 200)]" "manifest requests seen by the proxy"

# the registry gone (the proxy stopped: connection refused): a base pinned by digest builds from the
# store; a tag cannot be resolved, and the error says so
gone=$PROXY
stop_proxy
"$PYCONTAINER" --quiet build --context "$context" --base-image "$gone/faults/base@$base_digest" --cache-dir "$WORK/cache-503" \
  --output "$WORK/offline" --retries 0 >/dev/null
check_layout_with_tools "$WORK/offline" 0.1.0
[[ -f $WORK/offline/blobs/sha256/${layer#sha256:} ]] || fail "the offline build lacks the base layer"
expect_fail 1 "$WORK/gone.err" "$PYCONTAINER" build --context "$context" --base-image "$gone/faults/base:1" \
  --cache-dir "$WORK/cache-503" --output "$WORK/offline-tag" --retries 1
expect_contains "$(cat "$WORK/gone.err")" "cannot reach registry $gone (2 attempts)" "registry gone"

# a registry without image indexes: 415 to the index's PUT (the platforms' manifests by digest pass)
"$PYCONTAINER" --quiet import-rootfs "$WORK/tiny.tar" "$WORK/tiny.tar" --platform linux/amd64,linux/arm64 \
  --output "$WORK/multi" --tag multi:1 >/dev/null
start_proxy noindex "$REGISTRY" \
  '{"method": "PUT", "path": "/faults/multi/manifests/1$", "action": "status", "status": 415, "code": "MANIFEST_INVALID"}'
expect_fail 1 "$WORK/noindex.err" "$PYCONTAINER" --quiet push "$WORK/multi:1" "$PROXY/faults/multi:1"
expect_contains "$(cat "$WORK/noindex.err")" "$PROXY/faults/multi does not accept an image index (\"application/vnd.oci.image.index.v1+json\", a multi-platform image): push one platform's image with --platform OS/ARCH" \
  "the error of a registry refusing an index"
expect_contains "$(cat "$WORK/noindex.err")" "415" "the registry's status"
"$PYCONTAINER" --quiet push --platform linux/arm64 "$WORK/multi:1" "$PROXY/faults/multi:arm64" >"$WORK/noindex.out" ||
  fail "push --platform to the registry without indexes failed"
arm64=$("$PYCONTAINER" inspect --json --platform linux/arm64 "$WORK/multi:1" | json_get /dev/stdin 'd["manifest_digest"]')
expect_contains "$(cat "$WORK/noindex.out")" "$PROXY/faults/multi:arm64@$arm64" "one platform pushed"
stop_proxy

# 429 with Retry-After: 2: the next try waits 2 s (the backoff alone would wait at most 250 ms)
start_proxy throttled "$REGISTRY" \
  '{"method": "GET", "path": "/manifests/", "nth": [1], "action": "status", "status": 429, "retry_after": "2"}'
"$PYCONTAINER" --quiet pull "$PROXY/faults/tiny:1" --output "$WORK/p429" --cache-dir "$WORK/cache-429" >/dev/null
stop_proxy
expect_eq "$(manifest_digest "$WORK/p429" 1)" "$tiny_digest" "manifest pulled after a 429"
gap=$(proxy_log throttled '(lambda m: m[1]["time"] - m[0]["time"])([e for e in log if "/manifests/" in e["target"]])')
"$SYSTEM_PYTHON" -c "import sys; sys.exit(not $gap >= 1.95)" || fail "retried $gap s after a 429 with Retry-After: 2"

# a persistent 500: fails after --retries 2 (3 attempts) and says what was tried; a 404 is not retried
start_proxy broken "$REGISTRY" '{"method": "GET", "path": "/faults/tiny/manifests/", "action": "status", "status": 500}'
expect_fail 1 "$WORK/500.err" "$PYCONTAINER" pull "$PROXY/faults/tiny:1" --cache-dir "$WORK/cache-500" --retries 2
expect_contains "$(cat "$WORK/500.err")" "pycontainer: error: " "error line"
expect_contains "$(cat "$WORK/500.err")" \
  "cannot get manifest $PROXY/faults/tiny:1: gave up after 3 attempts (HTTP 500, HTTP 500, HTTP 500)" "what failed, what was tried"
expect_contains "$(cat "$WORK/500.err")" "/v2/faults/tiny/manifests/1: HTTP 500 UNAVAILABLE" "the URL, status and OCI code"
expect_eq "$(proxy_log broken 'sum("/manifests/" in e["target"] for e in log)')" "3" "manifest requests"
expect_fail 1 "$WORK/404.err" "$PYCONTAINER" pull "$PROXY/faults/missing:1" --cache-dir "$WORK/cache-500" --retries 2
expect_contains "$(cat "$WORK/404.err")" "HTTP 404 MANIFEST_UNKNOWN" "404"
expect_eq "$(proxy_log broken 'sum("/faults/missing/" in e["target"] for e in log)')" "1" "a 404 is not retried"
stop_proxy

# a flipped byte in the layer: a digest error, and nothing of it kept in the store
start_proxy flip "$REGISTRY" "{\"method\": \"GET\", \"path\": \"/blobs/$layer\", \"action\": \"flip\", \"offset\": 1000000}"
expect_fail 1 "$WORK/flip.err" "$PYCONTAINER" pull "$PROXY/faults/base:1" --cache-dir "$WORK/cache-flip"
stop_proxy
expect_contains "$(cat "$WORK/flip.err")" "blob $layer of $PROXY/faults/base: content does not match its digest" "digest error"
expect_contains "$(cat "$WORK/flip.err")" "nothing kept" "digest error"
[[ $(proxy_log flip 'sum(e["action"] == "flip" for e in log)') -ge 1 ]] || fail "the proxy flipped nothing"
store=$WORK/cache-flip/store
[[ -f $store/index.json ]] || fail "no store at $store"
[[ ! -e $store/blobs/sha256/${layer#sha256:} ]] || fail "the corrupt layer is in the store"
[[ -z $(find "$store/blobs" -name '.*' -type f) ]] ||
  fail "partial downloads left in the store: $(find "$store/blobs" -name '.*' -type f)"
grep -q "faults/base" "$store/index.json" && fail "the store names the image: $(cat "$store/index.json")"

# a blob longer than its descriptor says, and a manifest over 4 MiB: refused in these words, nothing kept
skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/tiny:1" "docker://$REGISTRY/faults/tiny:big"
tiny_config=$(json_get "$WORK/tiny/blobs/sha256/${tiny_digest#sha256:}" 'd["config"]["digest"]')
tiny_config_size=$(json_get "$WORK/tiny/blobs/sha256/${tiny_digest#sha256:}" 'd["config"]["size"]')
start_proxy oversize "$REGISTRY" '{"method": "GET", "path": "/blobs/sha256:", "action": "pad", "bytes": 10}' \
  '{"method": "GET", "path": "/manifests/big$", "action": "pad", "bytes": 4194304}'
expect_fail 1 "$WORK/long-blob.err" "$PYCONTAINER" pull "$PROXY/faults/tiny:1" --cache-dir "$WORK/cache-oversize"
expect_eq "$(cat "$WORK/long-blob.err")" "pycontainer: error: pulling $PROXY/faults/tiny:1: config ($tiny_config): cannot download blob \
$tiny_config of $PROXY/faults/tiny: the registry sent more than the $tiny_config_size bytes its descriptor says; \
nothing kept" "a blob longer than its descriptor"
expect_fail 1 "$WORK/big-manifest.err" "$PYCONTAINER" pull "$PROXY/faults/tiny:big" --cache-dir "$WORK/cache-oversize"
expect_eq "$(cat "$WORK/big-manifest.err")" "pycontainer: error: cannot get manifest $PROXY/faults/tiny:big: \
GET http://$PROXY/v2/faults/tiny/manifests/big: the response is larger than 4.0 MiB; refused" "a manifest over 4 MiB"
stop_proxy
[[ -z $(find "$WORK/cache-oversize" -type f -path '*/blobs/*') ]] ||
  fail "blobs kept after refused answers: $(find "$WORK/cache-oversize" -type f -path '*/blobs/*')"

# a server that drips the layer at 2 KB/s (above the low-speed limit: only a deadline stops it, and
# without one the pull took 34 minutes): the request fails at its --request-timeout of 3 s, is not
# retried, the error names the URL and the deadline, and nothing of the layer is kept
start_proxy drip "$REGISTRY" "{\"method\": \"GET\", \"path\": \"/blobs/$layer\", \"action\": \"drip\", \"rate\": 2048}"
started=$(date +%s%N)
expect_fail 1 "$WORK/drip.err" "$PYCONTAINER" pull "$PROXY/faults/base:1" --cache-dir "$WORK/cache-drip" --request-timeout 3
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
stop_proxy
(( elapsed_ms >= 3000 && elapsed_ms < 8000 )) || fail "the dripping pull ended after $elapsed_ms ms, not at its 3 s deadline"
expect_contains "$(cat "$WORK/drip.err")" "pycontainer: error: pulling $PROXY/faults/base:1: cannot download blob $layer \
of $PROXY/faults/base: GET http://$PROXY/v2/faults/base/blobs/$layer: no complete answer within the request deadline of 3 s" \
  "the deadline's error"
expect_contains "$(cat "$WORK/drip.err")" "--request-timeout" "the deadline's error"
expect_eq "$(proxy_log drip "sum(e['target'].endswith('$layer') for e in log)")" "1" "a request over its deadline is not retried"
[[ ! -e $WORK/cache-drip/store/blobs/sha256/${layer#sha256:} ]] || fail "the dripped layer is in the store"
[[ -z $(find "$WORK/cache-drip/store/blobs" -name '.*' -type f) ]] ||
  fail "partial downloads left in the store: $(find "$WORK/cache-drip/store/blobs" -name '.*' -type f)"

# a download cut after 20 MB: resumed from there with Range, and the image is whole
start_proxy cutdown "$REGISTRY" \
  "{\"method\": \"GET\", \"path\": \"/blobs/$layer\", \"nth\": [1], \"action\": \"cut_response\", \"after\": 20000000}"
"$PYCONTAINER" --quiet pull "$PROXY/faults/base:1" --output "$WORK/resumed" --cache-dir "$WORK/cache-cut" >/dev/null
stop_proxy
expect_eq "$(proxy_log cutdown "[(e['action'], h(e, 'range')) for e in log if e['target'].endswith('$layer')]")" \
  "[('cut_response', None), ('forward', 'bytes=20000000-')]" "layer requests seen by the proxy"
check_layout_with_tools "$WORK/resumed" 1
expect_eq "$(manifest_digest "$WORK/resumed" 1)" "$base_digest" "resumed pull"

# connections cut mid-upload: the layer's first chunk PATCH after 8 MB (Distribution then forgets the
# upload, so the blob starts again), the config's monolithic PUT after 200 bytes; the push completes
# and the registry holds the right blobs
start_proxy cutup "$REGISTRY" \
  '{"method": "PATCH", "path": "/blobs/uploads/", "nth": [1], "action": "cut_request", "after": 8000000}' \
  '{"method": "PUT", "path": "/blobs/uploads/.*digest=", "min_body": 400, "nth": [1], "action": "cut_request", "after": 200}'
"$PYCONTAINER" -v push "$base_dir:$base_tag" "$PROXY/faults/pushed-$run:1" >"$WORK/cutup.out" 2>"$WORK/cutup.err" ||
  fail "push through cut connections failed: $(tail -n 20 "$WORK/cutup.err")"
stop_proxy
expect_contains "$(cat "$WORK/cutup.out")" "$PROXY/faults/pushed-$run:1@$base_digest" "push output"
expect_eq "$(proxy_log cutup 'sorted(e["method"] for e in log if e["action"] == "cut_request")')" "['PATCH', 'PUT']" "cuts"
skopeo inspect --tls-verify=false "docker://$REGISTRY/faults/pushed-$run:1" > "$WORK/pushed.json"
expect_eq "$(json_get "$WORK/pushed.json" 'd["Digest"]')" "$base_digest" "skopeo inspect digest"
expect_eq "sha256:$(curl -sf "http://$REGISTRY/v2/faults/pushed-$run/blobs/$layer" | sha256sum | cut -d' ' -f1)" "$layer" \
  "the layer the registry holds"
skopeo copy --quiet --src-tls-verify=false "docker://$REGISTRY/faults/pushed-$run:1" "oci:$WORK/pushed-copy:x"
expect_eq "$(manifest_digest "$WORK/pushed-copy" x)" "$base_digest" "skopeo copy digest"

# token auth: blob GETs redirected to another host (object storage with a signed URL), which must get
# no Authorization; --verbose shows neither the password, nor a token, nor the signature
skopeo copy --quiet --dest-creds "$token_user:$token_secret" --dest-tls-verify=false \
  "oci:$base_dir:$base_tag" "docker://$token_registry/faults/base:1"
start_proxy redirect "$token_registry" '{"method": "GET", "path": "/blobs/sha256:", "action": "redirect"}'
export REGISTRY_USERNAME=$token_user REGISTRY_PASSWORD=$token_secret
"$PYCONTAINER" -v pull "$PROXY/faults/base:1" --output "$WORK/redirected" --cache-dir "$WORK/cache-redirect" \
  >"$WORK/redirect.out" 2>"$WORK/redirect.err" || fail "pull through a redirect failed: $(tail -n 20 "$WORK/redirect.err")"
expect_eq "$(manifest_digest "$WORK/redirected" 1)" "$base_digest" "pull through a redirect"
expect_eq "$(proxy_log redirect 'sum(e["listener"] == "target" and e["status"] in (200, 206) for e in log)')" "2" \
  "blobs served by the redirect target"
expect_eq "$(proxy_log redirect '[h(e, "authorization") for e in log if e["listener"] == "target"]')" "[None, None]" \
  "Authorization at the redirect target"
expect_eq "$(proxy_log redirect 'sorted({(h(e, "authorization") or "none").split()[0] for e in log if e["action"] == "redirect"})')" \
  "['Bearer']" "Authorization at the registry"
expect_contains "$(cat "$WORK/redirect.err")" "X-Amz-Signature=REDACTED" "the redirect's signature redacted"
"$PYCONTAINER" -v build --context "$context" --base-image "$PROXY/faults/base:1" --cache-dir "$WORK/cache-redirect" \
  --output "$WORK/app" --tag "$PROXY/faults/app-$run:1" >"$WORK/build.out" 2>"$WORK/build.err"
"$PYCONTAINER" -v push "$WORK/app:1" "$PROXY/faults/app-$run:1" --cache-dir "$WORK/cache-redirect" \
  >"$WORK/push.out" 2>"$WORK/push.err" || fail "push failed: $(tail -n 20 "$WORK/push.err")"
unset REGISTRY_USERNAME REGISTRY_PASSWORD
stop_proxy
expect_contains "$(cat "$WORK/push.err")" "Authorization: Bearer REDACTED" "--verbose shows the header redacted"
skopeo inspect --creds "$token_user:$token_secret" --tls-verify=false "docker://$token_registry/faults/app-$run:1" \
  > "$WORK/app.json"
expect_eq "$(json_get "$WORK/app.json" 'd["Digest"]')" "$(manifest_digest "$WORK/app" 1)" "pushed app digest"
verbose=("$WORK"/{redirect,build,push}.{out,err})
secrets=("$token_secret" "$(printf '%s' "$token_user:$token_secret" | base64 -w0)" "$REDIRECT_SIGNATURE")
mapfile -t tokens < <(proxy_log redirect \
  '"\n".join(sorted({h(e, "authorization").split()[1] for e in log if (h(e, "authorization") or "").startswith("Bearer ")}))')
[[ ${#tokens[@]} -ge 2 ]] || fail "expected pull and push tokens in the proxy log, got ${#tokens[@]}"
for secret in "${secrets[@]}" "${tokens[@]}"; do
  [[ -n $secret ]] || fail "an empty secret to look for"
  if grep -qF -- "$secret" "${verbose[@]}"; then
    fail "a secret (${secret:0:6}...) is in --verbose output: $(grep -lF -- "$secret" "${verbose[@]}")"
  fi
done
echo "PASS"
