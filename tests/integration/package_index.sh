#!/usr/bin/env bash
# remote::PackageIndex over real HTTP on 127.0.0.1, through the test-only front end $INDEX_PROBE: a PEP
# 503 tree served by `python3 -m http.server` (HTML) and by index_server.py (PEP 691 JSON, Basic auth).
# Checks: both listings name the wheels with hashes, yanked and requires-python; a download is verified
# and cached by hash; a tampered file fails naming URL, expected and actual hash, keeping nothing; a
# cached file is fetched again with the servers stopped; concurrent fetches of one file agree; netrc and user:password@ credentials work, and
# a wrong password is refused without being printed; HTTPS is trusted with --ca-file.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool python3 python3
[[ -x ${INDEX_PROBE:-} ]] || fail "INDEX_PROBE is not set to the index_probe test tool"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# The tree: /simple/demo/ lists two wheels (any zip named .whl will do for downloads).
root=$WORK/root
mkdir -p "$root/simple/demo" "$root/packages"
python3 - "$root" <<'PY'
import hashlib, json, os, sys, zipfile
root = sys.argv[1]
files = []
for version in ("1.0", "2.0"):
    name = f"demo-{version}-py3-none-any.whl"
    path = os.path.join(root, "packages", name)
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr(f"demo-{version}.dist-info/METADATA", f"Name: demo\nVersion: {version}\n")
    files.append((name, hashlib.sha256(open(path, "rb").read()).hexdigest()))
with open(os.path.join(root, "simple/demo/index.html"), "w") as page:
    page.write("<!DOCTYPE html><html><body>\n")
    page.write(f'<a href="../../packages/{files[0][0]}#sha256={files[0][1]}" data-yanked="">{files[0][0]}</a>\n')
    page.write(f'<a href="/packages/{files[1][0]}#sha256={files[1][1]}" data-requires-python="&gt;=3.9">{files[1][0]}</a>\n')
    page.write("</body></html>\n")
with open(os.path.join(root, "simple/demo/index.json"), "w") as page:
    json.dump({"meta": {"api-version": "1.0"}, "name": "demo", "files": [
        {"filename": name, "url": f"../../packages/{name}", "hashes": {"sha256": digest},
         "requires-python": ">=3.8", "yanked": name.startswith("demo-1.0")} for name, digest in files]}, page)
for name, digest in files:
    open(os.path.join(root, name + ".sha256"), "w").write(digest)
PY
sha1=$(cat "$root/demo-1.0-py3-none-any.whl.sha256")
sha2=$(cat "$root/demo-2.0-py3-none-any.whl.sha256")

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() { # URL: until it answers (any status)
  for _ in $(seq 100); do
    python3 -c 'import sys, urllib.request, urllib.error
try: urllib.request.urlopen(sys.argv[1], timeout=1)
except urllib.error.HTTPError: pass' "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  fail "no server answers at $1"
}

plain_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$root" "$plain_port" >"$WORK/plain.log" 2>&1 &
plain_pid=$!
pids+=("$plain_pid")
plain=http://127.0.0.1:$plain_port
wait_for "$plain/"

python3 "$(dirname "$0")/index_server.py" "$root" "$WORK/auth.port" "$WORK/auth.log" alice 's3cret' &
pids+=($!)
for _ in $(seq 100); do [[ -f $WORK/auth.port ]] && break; sleep 0.1; done
[[ -f $WORK/auth.port ]] || fail "index_server.py did not start"
auth_port=$(cat "$WORK/auth.port")
auth=http://127.0.0.1:$auth_port

# The same behind HTTPS, its certificate from a CA of the test's own.
require_tool openssl openssl
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/tls.key" -out "$WORK/tls.crt" -days 2 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
python3 "$(dirname "$0")/index_server.py" "$root" "$WORK/tls.port" "$WORK/tls.log" alice 's3cret' \
  "$WORK/tls.crt" "$WORK/tls.key" &
pids+=($!)
for _ in $(seq 100); do [[ -f $WORK/tls.port ]] && break; sleep 0.1; done
[[ -f $WORK/tls.port ]] || fail "index_server.py with TLS did not start"
tls=https://alice:s3cret@127.0.0.1:$(cat "$WORK/tls.port")

cache=$WORK/cache
probe() { "$INDEX_PROBE" --netrc "$WORK/no-netrc" --cache "$cache" "$@"; }

# The HTML index: both wheels, hashes from the fragments, data-yanked, data-requires-python decoded.
probe --index-url "$plain/simple" list Demo >"$WORK/html.list"
expect_eq "$(cat "$WORK/html.list")" "demo-1.0-py3-none-any.whl $plain/packages/demo-1.0-py3-none-any.whl sha256:$sha1 yanked -
demo-2.0-py3-none-any.whl $plain/packages/demo-2.0-py3-none-any.whl sha256:$sha2 - >=3.9" "HTML listing"
echo "ok HTML listing"

# The JSON index (asked for first) behind Basic auth, with the login from netrc.
printf 'machine other.example login x password y\nmachine 127.0.0.1\n  login alice\n  password s3cret\n' >"$WORK/netrc"
"$INDEX_PROBE" --netrc "$WORK/netrc" --cache "$cache" --index-url "$auth/simple/" list demo >"$WORK/json.list"
expect_eq "$(cat "$WORK/json.list")" "demo-1.0-py3-none-any.whl $auth/packages/demo-1.0-py3-none-any.whl sha256:$sha1 yanked >=3.8
demo-2.0-py3-none-any.whl $auth/packages/demo-2.0-py3-none-any.whl sha256:$sha2 - >=3.8" "JSON listing"
echo "ok JSON listing with netrc"

# HTTPS: trusted with --ca-file, else refused saying how to trust it.
probe --ca-file "$WORK/tls.crt" --index-url "$tls/simple/" list demo >"$WORK/tls.list"
expect_eq "$(wc -l <"$WORK/tls.list")" 2 "files listed over HTTPS"
status=0
SSL_CERT_FILE= probe --index-url "$tls/simple/" list demo >/dev/null 2>"$WORK/untrusted.err" || status=$?
expect_eq "$status" 1 "exit status with an untrusted certificate"
expect_contains "$(cat "$WORK/untrusted.err")" "is not trusted (pass its CA with --ca-file or SSL_CERT_FILE)" "untrusted"
! grep -q s3cret "$WORK/untrusted.err" || fail "the password was printed: $(cat "$WORK/untrusted.err")"
echo "ok HTTPS with --ca-file; $(cat "$WORK/untrusted.err")"

# Credentials in the index URL; a wrong password is refused and never printed.
probe --index-url "http://alice:s3cret@127.0.0.1:$auth_port/simple/" list demo >"$WORK/url.list"
expect_eq "$(wc -l <"$WORK/url.list")" 2 "files listed with the URL's login"
status=0
probe --index-url "http://alice:wrong-pass@127.0.0.1:$auth_port/simple/" list demo >/dev/null 2>"$WORK/wrong.err" || status=$?
expect_eq "$status" 1 "exit status with a wrong password"
expect_contains "$(cat "$WORK/wrong.err")" "HTTP 401 (sent the login \"alice\" from the index URL)" "wrong password"
! grep -q wrong-pass "$WORK/wrong.err" || fail "the password was printed: $(cat "$WORK/wrong.err")"
status=0
probe --index-url "$auth/simple/" list demo >/dev/null 2>"$WORK/anonymous.err" || status=$?
expect_eq "$status" 1 "exit status without credentials"
expect_contains "$(cat "$WORK/anonymous.err")" "no credentials for 127.0.0.1:$auth_port: add \"machine 127.0.0.1 login USER password SECRET\"" "anonymous"
echo "ok index URL credentials; $(cat "$WORK/wrong.err")"

# A download, verified and cached by hash.
path=$(probe fetch demo-2.0-py3-none-any.whl "$plain/packages/demo-2.0-py3-none-any.whl" "sha256:$sha2")
expect_eq "$path" "$cache/downloads/sha256/$sha2/demo-2.0-py3-none-any.whl" "cached path"
cmp "$path" "$root/packages/demo-2.0-py3-none-any.whl" || fail "the cached file differs from the served one"

# A tampered file: the lock says another hash. Nothing is kept.
before=$(find "$cache" -type f | sort)
status=0
probe fetch demo-1.0-py3-none-any.whl "$plain/packages/demo-1.0-py3-none-any.whl" "sha256:$sha2" >/dev/null 2>"$WORK/tampered.err" || status=$?
expect_eq "$status" 1 "exit status of a tampered file"
expect_contains "$(cat "$WORK/tampered.err")" "demo-1.0-py3-none-any.whl from $plain/packages/demo-1.0-py3-none-any.whl: hash mismatch: expected sha256:$sha2, got sha256:$sha1" "tampered file"
expect_eq "$(find "$cache" -type f | sort)" "$before" "cache files after a tampered download"
echo "ok tampered: $(cat "$WORK/tampered.err")"

# Unhashed: refused unless allowed.
status=0
probe fetch demo-1.0-py3-none-any.whl "$plain/packages/demo-1.0-py3-none-any.whl" >/dev/null 2>"$WORK/unhashed.err" || status=$?
expect_eq "$status" 2 "exit status of an unhashed file"
expect_contains "$(cat "$WORK/unhashed.err")" "no sha256 hash is known for it" "unhashed file"

# netrc for downloads too.
path1=$("$INDEX_PROBE" --netrc "$WORK/netrc" --cache "$cache" fetch demo-1.0-py3-none-any.whl "$auth/packages/demo-1.0-py3-none-any.whl" "sha256:$sha1")
cmp "$path1" "$root/packages/demo-1.0-py3-none-any.whl" || fail "the file downloaded with netrc differs"
grep -q "GET /packages/demo-1.0-py3-none-any.whl authorised" "$WORK/auth.log" || fail "no authorised download: $(cat "$WORK/auth.log")"
echo "ok downloads with netrc"

# Four builds fetching one file at once: each renames a whole, verified copy; nothing is left half-written.
head -c 20000000 /dev/urandom >"$root/packages/big-1.0-py3-none-any.whl"
big_sha=$(sha256sum "$root/packages/big-1.0-py3-none-any.whl" | cut -d' ' -f1)
fetchers=()
for i in 1 2 3 4; do
  probe fetch big-1.0-py3-none-any.whl "$plain/packages/big-1.0-py3-none-any.whl" "sha256:$big_sha" >"$WORK/big.$i" &
  fetchers+=($!)
done
for pid in "${fetchers[@]}"; do
  wait "$pid" || fail "a concurrent fetch failed"
done
for i in 1 2 3 4; do
  expect_eq "$(cat "$WORK/big.$i")" "$cache/downloads/sha256/$big_sha/big-1.0-py3-none-any.whl" "concurrent fetch $i"
done
cmp "$cache/downloads/sha256/$big_sha/big-1.0-py3-none-any.whl" "$root/packages/big-1.0-py3-none-any.whl" ||
  fail "the concurrently fetched file differs"
expect_eq "$(find "$cache/downloads/partial" -type f | wc -l)" 0 "temporary files left"
echo "ok four concurrent fetches of one file"

# Offline once cached: both servers stopped, the files come from the cache.
cleanup
pids=()
wait 2>/dev/null || true
requests=$(wc -l <"$WORK/auth.log")
again=$(probe fetch demo-2.0-py3-none-any.whl "$plain/packages/demo-2.0-py3-none-any.whl" "sha256:$sha2")
expect_eq "$again" "$path" "cached path with the server stopped"
again1=$(probe fetch demo-1.0-py3-none-any.whl "$auth/packages/demo-1.0-py3-none-any.whl" "sha256:$sha1")
expect_eq "$again1" "$path1" "cached path of the netrc download"
expect_eq "$(wc -l <"$WORK/auth.log")" "$requests" "requests after the servers stopped"
echo "ok offline once cached"
