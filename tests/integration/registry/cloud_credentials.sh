#!/usr/bin/env bash
# Cloud registry credentials, with ghcr.io and pycontainertest.azurecr.io reached at the TLS registry
# by --connect-to (its certificate names both; its htpasswd has their users): GITHUB_TOKEN for
# ghcr.io (user GITHUB_ACTOR, else x-access-token) on push, pull, a registry base and build --push;
# `az acr login --expose-token` for *.azurecr.io through a fake `az` on PATH; az missing means
# anonymous, az failing warns with its message and goes on anonymously, az printing no token is an
# error; --verbose shows no token.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
port=${REGISTRY##*:}
reach=(--ca-file "$CA_FILE" --connect-to "ghcr.io:443:127.0.0.1:$port" --connect-to "$ACR_HOST:443:127.0.0.1:$port")
mkdir -p "$WORK/certs" "$WORK/bin" "$WORK/empty" && cp "$CA_FILE" "$WORK/certs/ca.crt"
tiny_image "$WORK/tiny"
tiny=$(manifest_digest "$WORK/tiny" 1)

# registry_digest REPOSITORY:TAG USER SECRET: the digest the TLS registry itself holds (skopeo, no --connect-to).
registry_digest() {
  skopeo inspect --cert-dir "$WORK/certs" --creds "$2:$3" "docker://$REGISTRY/$1" | json_get /dev/stdin 'd["Digest"]'
}

# no_secret SECRET FILE...: SECRET (and base64 of a Basic header holding it) appears in none of the FILEs.
no_secret() {
  local secret=$1 user
  shift
  grep -qF -- "$secret" "$@" && fail "a token is printed in $(grep -lF -- "$secret" "$@")"
  for user in x-access-token "$GITHUB_TEST_ACTOR" 00000000-0000-0000-0000-000000000000; do
    grep -qF -- "$(printf '%s' "$user:$secret" | base64 -w0)" "$@" && fail "Basic credentials are printed"
  done
  return 0
}

# GITHUB_TOKEN for ghcr.io: push, read back by skopeo at the registry and by our pull
GITHUB_TOKEN=$GITHUB_TEST_TOKEN "$PYCONTAINER" -v push "$WORK/tiny:1" ghcr.io/acme/tiny:1 "${reach[@]}" \
  >"$WORK/ghcr.out" 2>"$WORK/ghcr.err" || fail "push to ghcr.io failed: $(tail -n 5 "$WORK/ghcr.err")"
expect_eq "$(cat "$WORK/ghcr.out")" "ghcr.io/acme/tiny:1@$tiny" "push output"
expect_contains "$(cat "$WORK/ghcr.err")" "registry ghcr.io: credentials from GITHUB_TOKEN" "credential source"
expect_contains "$(cat "$WORK/ghcr.err")" "PUT https://ghcr.io/v2/acme/tiny/manifests/1" "requests name ghcr.io"
expect_eq "$(registry_digest acme/tiny:1 x-access-token "$GITHUB_TEST_TOKEN")" "$tiny" "digest at the registry"
GITHUB_TOKEN=$GITHUB_TEST_TOKEN "$PYCONTAINER" -v pull ghcr.io/acme/tiny:1 --output "$WORK/ghcr-pulled" "${reach[@]}" \
  >"$WORK/ghcr-pull.out" 2>"$WORK/ghcr-pull.err"
expect_eq "$(manifest_digest "$WORK/ghcr-pulled" 1)" "$tiny" "pulled from ghcr.io"
no_secret "$GITHUB_TEST_TOKEN" "$WORK"/ghcr*.{out,err}

# GITHUB_ACTOR names the user; a ghcr.io base and build --push honour --connect-to too
GITHUB_TOKEN=$GITHUB_TEST_TOKEN GITHUB_ACTOR=$GITHUB_TEST_ACTOR "$PYCONTAINER" --quiet build --context "$context" \
  --base-image ghcr.io/acme/tiny:1 --output "$WORK/app" --tag ghcr.io/acme/app:1 --push "${reach[@]}" >"$WORK/app.out"
expect_eq "$(cat "$WORK/app.out")" "ghcr.io/acme/app:1@$(manifest_digest "$WORK/app" 1)" "build --push output"
expect_eq "$(registry_digest acme/app:1 "$GITHUB_TEST_ACTOR" "$GITHUB_TEST_TOKEN")" "$(manifest_digest "$WORK/app" 1)" \
  "build --push digest at the registry"

# no GITHUB_TOKEN: anonymous, refused; GITHUB_TOKEN is for ghcr.io only
expect_fail 1 "$WORK/ghcr-anon.err" "$PYCONTAINER" pull ghcr.io/acme/tiny:1 "${reach[@]}"
expect_contains "$(cat "$WORK/ghcr-anon.err")" "registry ghcr.io, no credentials found (anonymous)" "no GITHUB_TOKEN"
PATH=$WORK/empty GITHUB_TOKEN=$GITHUB_TEST_TOKEN expect_fail 1 "$WORK/not-ghcr.err" \
  "$PYCONTAINER" pull "$ACR_HOST/team/tiny:1" "${reach[@]}"
expect_contains "$(cat "$WORK/not-ghcr.err")" "no credentials found (anonymous)" "GITHUB_TOKEN elsewhere"

# az acr login --expose-token for *.azurecr.io: a fake az printing what the real one prints
cat > "$WORK/bin/az" <<'SH'
#!/usr/bin/env bash
# Stands in for the Azure CLI: `az acr login --name NAME --expose-token --output json`.
printf '%s\n' "$*" >> "$AZ_LOG"
case $AZ_MODE in
  ok)
    [[ $* == "acr login --name pycontainertest --expose-token --output json" ]] || { echo "ERROR: unexpected: $*" >&2; exit 2; }
    echo "WARNING: You can perform manual login using the provided access token below, for example: 'docker login loginServer -u 00000000-0000-0000-0000-000000000000 -p accessToken'" >&2
    printf '{\n  "accessToken": "%s",\n  "loginServer": "pycontainertest.azurecr.io"\n}\n' "$ACR_TEST_TOKEN" ;;
  fail) echo "ERROR: Please run 'az login' to setup account." >&2; exit 1 ;;
  garbage) echo "Welcome to Azure CLI!" ;;
esac
SH
chmod +x "$WORK/bin/az"
export AZ_LOG=$WORK/az.log
PATH=$WORK/bin:$PATH AZ_MODE=ok "$PYCONTAINER" -v push "$WORK/tiny:1" "$ACR_HOST/team/tiny:1" "${reach[@]}" \
  >"$WORK/acr.out" 2>"$WORK/acr.err" || fail "push to $ACR_HOST failed: $(tail -n 5 "$WORK/acr.err")"
expect_eq "$(cat "$WORK/acr.out")" "$ACR_HOST/team/tiny:1@$tiny" "push output"
expect_contains "$(cat "$WORK/acr.err")" "registry $ACR_HOST: credentials from az acr login --expose-token" "source"
expect_eq "$(cat "$AZ_LOG")" "acr login --name pycontainertest --expose-token --output json" "az called once"
expect_eq "$(registry_digest team/tiny:1 00000000-0000-0000-0000-000000000000 "$ACR_TEST_TOKEN")" "$tiny" \
  "digest at the registry"
PATH=$WORK/bin:$PATH AZ_MODE=ok "$PYCONTAINER" -v pull "$ACR_HOST/team/tiny:1" --output "$WORK/acr-pulled" \
  "${reach[@]}" >"$WORK/acr-pull.out" 2>"$WORK/acr-pull.err"
expect_eq "$(manifest_digest "$WORK/acr-pulled" 1)" "$tiny" "pulled from $ACR_HOST"
no_secret "$ACR_TEST_TOKEN" "$WORK"/acr*.{out,err}

# az missing: anonymous; az failing: a warning with its message, then anonymous; no token: an error
PATH=$WORK/empty expect_fail 1 "$WORK/az-missing.err" "$PYCONTAINER" pull "$ACR_HOST/team/tiny:1" "${reach[@]}"
expect_eq "$(grep -c warning "$WORK/az-missing.err" || true)" "0" "no warning without az"
expect_contains "$(cat "$WORK/az-missing.err")" "registry $ACR_HOST, no credentials found (anonymous)" "az missing"
PATH=$WORK/bin:$PATH AZ_MODE=fail expect_fail 1 "$WORK/az-fail.err" "$PYCONTAINER" pull "$ACR_HOST/team/tiny:1" "${reach[@]}"
expect_contains "$(cat "$WORK/az-fail.err")" "pycontainer: warning: az acr login --name pycontainertest --expose-token \
failed (exit status 1: ERROR: Please run 'az login' to setup account.); continuing without credentials" "az failing"
expect_contains "$(cat "$WORK/az-fail.err")" "registry $ACR_HOST, no credentials found (anonymous)" "az failing"
PATH=$WORK/bin:$PATH AZ_MODE=garbage expect_fail 1 "$WORK/az-garbage.err" \
  "$PYCONTAINER" pull "$ACR_HOST/team/tiny:1" "${reach[@]}"
expect_contains "$(cat "$WORK/az-garbage.err")" "az acr login --expose-token printed no accessToken" "az garbage"

# a malformed --connect-to is a usage error
expect_fail 2 "$WORK/bad-rule.err" "$PYCONTAINER" pull ghcr.io/acme/tiny:1 --connect-to ghcr.io:443:127.0.0.1
expect_contains "$(cat "$WORK/bad-rule.err")" "--connect-to \"ghcr.io:443:127.0.0.1\": expected" "malformed rule"
echo "PASS"
