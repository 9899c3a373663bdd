#!/usr/bin/env bash
# Token auth over HTTPS (registry and token realm both with certificates of the test CA): SSL_CERT_FILE
# alone makes both trusted, for an anonymous pull and a push with credentials; without it the
# certificate is refused; a missing SSL_CERT_FILE file is a usage error naming it.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
mkdir -p "$WORK/certs" && cp "$CA_FILE" "$WORK/certs/ca.crt"
tiny_image "$WORK/tiny"
skopeo copy --quiet --dest-cert-dir "$WORK/certs" --dest-creds "$REGISTRY_USER:$REGISTRY_SECRET" \
  "oci:$WORK/tiny:1" "docker://$REGISTRY/base:1"
[[ $TOKEN_REALM == https://* ]] || fail "the token realm is not HTTPS: $TOKEN_REALM"

# anonymous pull: a pull-only token from the HTTPS realm
SSL_CERT_FILE=$CA_FILE "$PYCONTAINER" --quiet pull "$REGISTRY/base:1" --output "$WORK/pulled" >/dev/null
expect_eq "$(manifest_digest "$WORK/pulled" 1)" "$(manifest_digest "$WORK/tiny" 1)" "pulled digest"
grep -q "GET anonymous repository:base:pull" "$STATE/issuer-requests.log" || fail "no anonymous token request"

# push with REGISTRY_USERNAME/PASSWORD: Basic at the HTTPS realm, read back by skopeo
SSL_CERT_FILE=$CA_FILE REGISTRY_USERNAME=$REGISTRY_USER REGISTRY_PASSWORD=$REGISTRY_SECRET \
  "$PYCONTAINER" -v push "$WORK/pulled:1" "$REGISTRY/app:1" >"$WORK/push.out" 2>"$WORK/push.err" ||
  fail "push with SSL_CERT_FILE failed: $(tail -n 5 "$WORK/push.err")"
expect_contains "$(cat "$WORK/push.err")" "GET $TOKEN_REALM?" "token request to the HTTPS realm"
grep -q "GET basic repository:app:pull,push" "$STATE/issuer-requests.log" || fail "no token request with credentials"
skopeo inspect --cert-dir "$WORK/certs" --creds "$REGISTRY_USER:$REGISTRY_SECRET" "docker://$REGISTRY/app:1" \
  > "$WORK/app.json"
expect_eq "$(json_get "$WORK/app.json" 'd["Digest"]')" "$(manifest_digest "$WORK/tiny" 1)" "pushed digest"

# no SSL_CERT_FILE: not trusted; a missing SSL_CERT_FILE: a usage error naming it
expect_fail 1 "$WORK/untrusted.err" "$PYCONTAINER" pull "$REGISTRY/base:1" --retries 0
expect_contains "$(cat "$WORK/untrusted.err")" "the TLS certificate is not trusted" "no CA"
SSL_CERT_FILE=$WORK/nowhere.pem expect_fail 2 "$WORK/missing.err" "$PYCONTAINER" pull "$REGISTRY/base:1"
expect_eq "$(cat "$WORK/missing.err")" \
  "pycontainer: error: CA file '$WORK/nowhere.pem' (SSL_CERT_FILE) does not exist" "missing SSL_CERT_FILE"
echo "PASS"
