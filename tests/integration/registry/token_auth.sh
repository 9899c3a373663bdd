#!/usr/bin/env bash
# Token auth (Distribution auth: token, JWTs from token_issuer.py, http.relativeurls: true): anonymous
# pull gets a pull-only token; push with REGISTRY_USERNAME/PASSWORD (Basic at the realm),
# REGISTRY_TOKEN (a token as is), and a docker config identitytoken (OAuth2 refresh-token POST);
# relative Locations; wrong password; --verbose shows neither password nor token.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
creds=(--dest-creds "$REGISTRY_USER:$REGISTRY_SECRET" --dest-tls-verify=false)
skopeo copy --quiet "${creds[@]}" "oci:$base_dir:$base_tag" "docker://$REGISTRY/base:1"

# anonymous pull (pull-only token) and a build on it
"$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/base:1" --output "$WORK/img" \
  --tag "$REGISTRY/app:1" >/dev/null
grep -q "GET anonymous repository:base:pull" "$STATE/issuer-requests.log" || fail "no anonymous token request"

# anonymous push is refused in one clear line
expect_fail 1 "$WORK/anon.err" "$PYCONTAINER" push "$WORK/img:1" "$REGISTRY/app:1"
expect_contains "$(cat "$WORK/anon.err")" "$REGISTRY" "registry named"

# push with REGISTRY_USERNAME/PASSWORD, chunked upload with relative Locations, --verbose redacted
REGISTRY_USERNAME=$REGISTRY_USER REGISTRY_PASSWORD=$REGISTRY_SECRET \
  "$PYCONTAINER" -v push "$WORK/img:1" "$REGISTRY/app:1" >"$WORK/push.out" 2>"$WORK/push.err"
expect_contains "$(cat "$WORK/push.err")" "1 mounted" "cross-repository mount with a token"
expect_contains "$(cat "$WORK/push.err")" "Authorization: Bearer REDACTED" "redacted token"
grep -q -- "$REGISTRY_SECRET" "$WORK/push.err" "$WORK/push.out" && fail "password in --verbose output"
grep -q -- "eyJ" "$WORK/push.err" "$WORK/push.out" && fail "a JWT in --verbose output"
skopeo inspect --creds "$REGISTRY_USER:$REGISTRY_SECRET" --tls-verify=false "docker://$REGISTRY/app:1" >/dev/null

# a fresh repository: every blob uploaded, the layer in chunks (64 MB > 32 MiB chunks)
REGISTRY_USERNAME=$REGISTRY_USER REGISTRY_PASSWORD=$REGISTRY_SECRET \
  "$PYCONTAINER" -v push "$base_dir:$base_tag" "$REGISTRY/fresh/base:1" >/dev/null 2>"$WORK/fresh.err"
grep -q "^PATCH " "$WORK/fresh.err" || fail "no chunked PATCH upload"
skopeo copy --quiet --src-creds "$REGISTRY_USER:$REGISTRY_SECRET" --src-tls-verify=false \
  "docker://$REGISTRY/fresh/base:1" "oci:$WORK/fresh:x"
expect_eq "$(manifest_digest "$WORK/fresh" x)" "$(manifest_digest "$base_dir" "$base_tag")" "chunked push digest"

# REGISTRY_TOKEN: a token used as it is (made here with the issuer's key)
token=$("$SYSTEM_PYTHON" - "$TOKEN_KEY" <<'PY'
import base64, hashlib, sys, time, jwt
from cryptography.hazmat.primitives import serialization
key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
b32 = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode().rstrip("=")
kid = ":".join(b32[i:i + 4] for i in range(0, len(b32), 4))
now = int(time.time())
print(jwt.encode({"iss": "pycontainer-test-issuer", "sub": "tester", "aud": "pycontainer-test-registry",
                  "exp": now + 300, "nbf": now - 10, "iat": now, "jti": "x",
                  "access": [{"type": "repository", "name": "tok", "actions": ["pull", "push"]},
                             {"type": "repository", "name": "base", "actions": ["pull"]}]},
                 key, algorithm="RS256", headers={"kid": kid}))
PY
)
REGISTRY_TOKEN=$token "$PYCONTAINER" -v push "$WORK/img:1" "$REGISTRY/tok:1" >/dev/null 2>"$WORK/tok.err"
grep -q -- "$token" "$WORK/tok.err" && fail "REGISTRY_TOKEN in --verbose output"

# docker config identitytoken: exchanged by the refresh-token POST
echo "{\"auths\":{\"$REGISTRY\":{\"identitytoken\":\"$REFRESH_TOKEN\"}}}" > "$DOCKER_CONFIG/config.json"
"$PYCONTAINER" -v push "$WORK/img:1" "$REGISTRY/ident:1" >/dev/null 2>"$WORK/ident.err"
grep -q "POST refresh_token" "$STATE/issuer-requests.log" || fail "no refresh-token POST"
grep -q -- "$REFRESH_TOKEN" "$WORK/ident.err" && fail "identity token in --verbose output"
rm "$DOCKER_CONFIG/config.json"

# a wrong password: one line naming the registry and the source
REGISTRY_USERNAME=$REGISTRY_USER REGISTRY_PASSWORD=wrong-Secret-456 expect_fail 1 "$WORK/wrong.err" \
  "$PYCONTAINER" push "$WORK/img:1" "$REGISTRY/app:2"
expect_eq "$(wc -l < "$WORK/wrong.err")" "1" "one line"
expect_contains "$(cat "$WORK/wrong.err")" "REGISTRY_USERNAME/REGISTRY_PASSWORD" "source named"
grep -q wrong-Secret-456 "$WORK/wrong.err" && fail "the password is printed"
echo "PASS"
