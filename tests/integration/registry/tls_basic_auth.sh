#!/usr/bin/env bash
# TLS with a test CA and htpasswd Basic auth: --ca-file / SSL_CERT_FILE, an untrusted certificate
# refused, credential sources (--username + --password-stdin, for pull and for build --push,
# REGISTRY_USERNAME/PASSWORD, docker config auths, credHelpers with a docker-credential-test helper:
# found / not found / crashing / garbage), a wrong password fails in one line naming registry and
# source without the secret.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
skopeo copy --quiet --dest-cert-dir "$STATE/certs" --dest-creds "$REGISTRY_USER:$REGISTRY_SECRET" \
  "oci:$base_dir:$base_tag" "docker://$REGISTRY/base:1" 2>/dev/null ||
  { mkdir -p "$STATE/certs" && cp "$CA_FILE" "$STATE/certs/ca.crt" &&
    skopeo copy --quiet --dest-cert-dir "$STATE/certs" --dest-creds "$REGISTRY_USER:$REGISTRY_SECRET" \
      "oci:$base_dir:$base_tag" "docker://$REGISTRY/base:1"; }

# untrusted certificate: clear error
expect_fail 1 "$WORK/untrusted.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --retries 0
expect_contains "$(cat "$WORK/untrusted.err")" "--ca-file" "untrusted certificate hint"

# anonymous: the registry wants credentials
expect_fail 1 "$WORK/anon.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE"
expect_contains "$(cat "$WORK/anon.err")" "no credentials found" "anonymous pull"

# --username + --password-stdin
echo "$REGISTRY_SECRET" | "$PYCONTAINER" --quiet pull "$REGISTRY/base:1" --ca-file "$CA_FILE" --username "$REGISTRY_USER" \
  --password-stdin --output "$WORK/p1" >/dev/null
check_layout_with_tools "$WORK/p1" 1
# --password: works, with a warning
"$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE" --username "$REGISTRY_USER" --password "$REGISTRY_SECRET" \
  >/dev/null 2>"$WORK/pw.err"
expect_contains "$(cat "$WORK/pw.err")" "warning: --password" "--password warning"

# the usual CI line: build --push with --username + --password-stdin; stdin is read once, for the
# base's pull and the push alike
echo "$REGISTRY_SECRET" | "$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/base:1" \
  --ca-file "$CA_FILE" --username "$REGISTRY_USER" --password-stdin --push --output "$WORK/ci" --tag "$REGISTRY/ci:1" \
  >"$WORK/ci.out" 2>"$WORK/ci.err" || fail "build --push --password-stdin failed: $(cat "$WORK/ci.err")"
expect_eq "$(cat "$WORK/ci.out")" "$REGISTRY/ci:1@$(manifest_digest "$WORK/ci" 1)" "build --push output"
skopeo inspect --cert-dir "$STATE/certs" --creds "$REGISTRY_USER:$REGISTRY_SECRET" "docker://$REGISTRY/ci:1" > "$WORK/ci.json"
expect_eq "$(json_get "$WORK/ci.json" 'd["Digest"]')" "$(manifest_digest "$WORK/ci" 1)" "digest of the image pushed by build --push"

# REGISTRY_USERNAME/REGISTRY_PASSWORD with SSL_CERT_FILE; build and push through it
SSL_CERT_FILE=$CA_FILE REGISTRY_USERNAME=$REGISTRY_USER REGISTRY_PASSWORD=$REGISTRY_SECRET \
  "$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/base:1" --output "$WORK/img" --tag "$REGISTRY/app:1" >/dev/null
SSL_CERT_FILE=$CA_FILE REGISTRY_USERNAME=$REGISTRY_USER REGISTRY_PASSWORD=$REGISTRY_SECRET \
  "$PYCONTAINER" -v push "$WORK/img:1" "$REGISTRY/app:1" >"$WORK/push.out" 2>"$WORK/push.err"
expect_contains "$(cat "$WORK/push.err")" "1 mounted" "mount with Basic auth"
grep -q -- "$REGISTRY_SECRET" "$WORK/push.out" "$WORK/push.err" && fail "the password is in --verbose output"
basic=$(printf '%s' "$REGISTRY_USER:$REGISTRY_SECRET" | base64)
grep -q -- "$basic" "$WORK/push.err" && fail "the Basic credentials are in --verbose output"
expect_contains "$(cat "$WORK/push.err")" "Authorization: Basic REDACTED" "redacted Authorization"
skopeo inspect --cert-dir "$STATE/certs" --creds "$REGISTRY_USER:$REGISTRY_SECRET" "docker://$REGISTRY/app:1" >/dev/null

# docker config auths
auth=$(printf '%s' "$REGISTRY_USER:$REGISTRY_SECRET" | base64 -w0)
echo "{\"auths\":{\"$REGISTRY\":{\"auth\":\"$auth\"}}}" > "$DOCKER_CONFIG/config.json"
"$PYCONTAINER" --quiet pull "$REGISTRY/base:1" --ca-file "$CA_FILE" >/dev/null

# credHelpers before auths: a docker-credential-test helper on PATH
mkdir -p "$WORK/bin"
cat > "$WORK/bin/docker-credential-test" <<SH
#!/bin/sh
read server
case "\$HELPER_MODE" in
  found) echo '{"ServerURL":"'\$server'","Username":"$REGISTRY_USER","Secret":"$REGISTRY_SECRET"}' ;;
  notfound) echo "credentials not found in native keychain"; exit 1 ;;
  crash) echo "helper exploded" >&2; exit 3 ;;
  garbage) echo "this is not json" ;;
  wrong_type) echo '{"ServerURL":"'\$server'","Username":5,"Secret":"$REGISTRY_SECRET"}' ;;
esac
SH
chmod +x "$WORK/bin/docker-credential-test"
echo "{\"auths\":{\"$REGISTRY\":{\"auth\":\"$(printf 'tester:wrong' | base64 -w0)\"}},\"credHelpers\":{\"$REGISTRY\":\"test\"}}" \
  > "$DOCKER_CONFIG/config.json"
PATH=$WORK/bin:$PATH HELPER_MODE=found "$PYCONTAINER" --quiet pull "$REGISTRY/base:1" --ca-file "$CA_FILE" >/dev/null
PATH=$WORK/bin:$PATH HELPER_MODE=notfound expect_fail 1 "$WORK/nf.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE"
expect_contains "$(cat "$WORK/nf.err")" "no credentials found" "helper: not found means anonymous"
PATH=$WORK/bin:$PATH HELPER_MODE=crash expect_fail 1 "$WORK/crash.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE"
expect_contains "$(cat "$WORK/crash.err")" "docker-credential-test" "crashing helper named"
expect_contains "$(cat "$WORK/crash.err")" "exit status 3" "crashing helper status"
PATH=$WORK/bin:$PATH HELPER_MODE=garbage expect_fail 1 "$WORK/garbage.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE"
expect_contains "$(cat "$WORK/garbage.err")" "not a credentials JSON" "garbage helper output"
PATH=$WORK/bin:$PATH HELPER_MODE=wrong_type expect_fail 1 "$WORK/helper_type.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE"
expect_contains "$(cat "$WORK/helper_type.err")" "docker-credential-test" "wrong-typed helper output: helper named"
expect_contains "$(cat "$WORK/helper_type.err")" "Username: expected a string, got 5" "wrong-typed helper output: field named"

# a wrong-typed docker config field: a usage error naming the file and the field (was "internal error: [json.exception...")
echo "{\"auths\":{\"$REGISTRY\":{\"username\":5,\"password\":\"$REGISTRY_SECRET\"}}}" > "$DOCKER_CONFIG/config.json"
expect_fail 2 "$WORK/config_type.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE"
expect_eq "$(wc -l < "$WORK/config_type.err")" "1" "wrong-typed docker config: one line"
expect_contains "$(cat "$WORK/config_type.err")" "docker config $DOCKER_CONFIG/config.json: auths[\"$REGISTRY\"].username: expected a string, got 5" \
  "wrong-typed docker config: file and field named"
grep -q "$REGISTRY_SECRET" "$WORK/config_type.err" && fail "the secret is printed"

# a wrong password: one line, naming the registry and the source, no secret
REGISTRY_USERNAME=$REGISTRY_USER REGISTRY_PASSWORD=wrong-Secret-123 expect_fail 1 "$WORK/wrong.err" \
  "$PYCONTAINER" pull "$REGISTRY/base:1" --ca-file "$CA_FILE"
expect_eq "$(wc -l < "$WORK/wrong.err")" "1" "one line"
expect_contains "$(cat "$WORK/wrong.err")" "$REGISTRY" "registry named"
expect_contains "$(cat "$WORK/wrong.err")" "REGISTRY_USERNAME/REGISTRY_PASSWORD" "source named"
grep -q wrong-Secret-123 "$WORK/wrong.err" && fail "the password is printed"

# podman's REGISTRY_AUTH_FILE (no docker config)
rm "$DOCKER_CONFIG/config.json"
echo "{\"auths\":{\"$REGISTRY\":{\"auth\":\"$auth\"}}}" > "$WORK/auth.json"
REGISTRY_AUTH_FILE=$WORK/auth.json "$PYCONTAINER" --quiet pull "$REGISTRY/base:1" --ca-file "$CA_FILE" >/dev/null
echo "PASS"
