#!/usr/bin/env bash
# A lock's wheels downloaded by a build from an HTTPS index that demands Basic auth (issue 16): the
# wheel index fixture served by index_server.py with a certificate of the test's own CA, the password
# from a netrc file ($NETRC). The build trusts the server through --ca-file and installs the lock; the
# image's CycloneDX SBOM gives each distribution the lock's hash and URL of its wheel. The
# same build without --ca-file fails saying how to trust it, and one with a wrong password in the netrc
# is refused without printing the password. Neither writes an image.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
require_tool openssl openssl
server_pid=""
cleanup() { [[ -z $server_pid ]] || kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/tls.key" -out "$WORK/tls.crt" -days 2 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
python3 "$(dirname "$0")/index_server.py" "$PYCONTAINER_FIXTURES/wheel-index" "$WORK/tls.port" "$WORK/tls.log" \
  alice 's3cret-pw' "$WORK/tls.crt" "$WORK/tls.key" &
server_pid=$!
for _ in $(seq 100); do [[ -f $WORK/tls.port ]] && break; sleep 0.1; done
[[ -f $WORK/tls.port ]] || fail "index_server.py with TLS did not start"
INDEX_URL=https://127.0.0.1:$(cat "$WORK/tls.port")
printf 'machine 127.0.0.1 login alice password s3cret-pw\n' >"$WORK/netrc"
printf 'machine 127.0.0.1 login alice password wrong-pw\n' >"$WORK/bad-netrc"
lock_project uv "$WORK/app"

build() { # NAME NETRC ARGS...
  local name=$1 netrc=$2
  shift 2
  NETRC=$netrc XDG_CACHE_HOME=$WORK/cache-$name "$PYCONTAINER" --quiet build --context "$WORK/app" \
    --base-image "$base" --include-deps --lock "$WORK/app/uv.lock" --platform linux/amd64 --tag app:1 \
    --output "$WORK/image-$name" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
}

build trusted "$WORK/netrc" --ca-file "$WORK/tls.crt" --sbom cyclonedx || fail "the build over HTTPS failed: $(cat "$WORK/trusted.err")"
unpack_image "$WORK/image-trusted" 1 "$WORK/bundle"
expect_eq "$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/bundle")" "[hello, lock] 45 x86_64" "the image's output"
grep -q "GET /files/fastsum-0.3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl authorised" "$WORK/tls.log" ||
  fail "the build did not download fastsum's x86_64 wheel with credentials: $(cat "$WORK/tls.log")"
python3 - "$WORK/image-trusted" "$PYCONTAINER_FIXTURES/wheel-index/files" "$INDEX_URL" <<'PY' ||
import hashlib, json, pathlib, sys
layout, files, index_url = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
blob = lambda digest: json.loads((layout / "blobs" / digest.replace(":", "/")).read_bytes())
entry = [m for m in json.loads((layout / "index.json").read_text())["manifests"]
         if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "1.sbom"][0]
components = {c["name"]: c for c in blob(blob(entry["digest"])["layers"][0]["digest"])["components"]}
for name, wheel in [("greeting", "greeting-1.0.0-py3-none-any.whl"), ("Color-Kit", "color_kit-1.2.0-py3-none-any.whl"),
                    ("fastsum", "fastsum-0.3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")]:
    component = components[name]
    expected = hashlib.sha256((files / wheel).read_bytes()).hexdigest()
    assert component["hashes"] == [{"alg": "SHA-256", "content": expected}], (name, component)
    assert component["externalReferences"] == [{"type": "distribution", "url": f"{index_url}/files/{wheel}"}], component
PY
  fail "the SBOM does not give the locked wheels' hashes and URLs"
echo "ok trusted: $(manifest_digest "$WORK/image-trusted" 1)"

status=0
build untrusted "$WORK/netrc" || status=$?
[[ $status != 0 ]] || fail "the build trusted a certificate of an unknown CA"
expect_contains "$(cat "$WORK/untrusted.err")" "--ca-file" "the untrusted certificate's error"
[[ ! -e $WORK/image-untrusted ]] || fail "the failed build wrote $WORK/image-untrusted"
echo "ok untrusted: $(cat "$WORK/untrusted.err")"

status=0
build refused "$WORK/bad-netrc" --ca-file "$WORK/tls.crt" || status=$?
[[ $status != 0 ]] || fail "the build with a wrong password succeeded"
expect_contains "$(cat "$WORK/refused.err")" "401" "the wrong password's error"
[[ $(cat "$WORK/refused.err") != *wrong-pw* ]] || fail "the error printed the password: $(cat "$WORK/refused.err")"
[[ ! -e $WORK/image-refused ]] || fail "the refused build wrote $WORK/image-refused"
echo "ok refused: $(cat "$WORK/refused.err")"
echo "PASS"
