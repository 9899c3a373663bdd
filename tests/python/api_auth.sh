#!/usr/bin/env bash
# ImageBuilder.push() with credentials against the TLS + Basic auth test registry (its CA through
# SSL_CERT_FILE): username and password push, the password given on the helper's stdin (not in its
# command line); a wrong password is a PyContainerError with the helper's message and exit status 1;
# a password without its username is refused before anything runs.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
use_registry "$2"
use_python_base
export SSL_CERT_FILE=$CA_FILE
venv=$WORK/venv
venv_with_wheel "$venv"
cp -r "$PYCONTAINER_SOURCE_DIR/tests/python/projects/old_api_app" "$WORK/project"
cd "$WORK/project"
"$venv/bin/python" - "$base" "$REGISTRY/auth/notes:1" "$REGISTRY_USER" "$REGISTRY_SECRET" >"$WORK/push.out" <<'PY' ||
import sys
from pycontainer import PyContainerError
from pycontainer.builder import ImageBuilder
from pycontainer.config import BuildConfig

base, target, user, secret = sys.argv[1:]
builder = ImageBuilder(BuildConfig(tag="notes:1", base_image=base, entrypoint=["python3", "-m", "notes"]))
result = builder.build()
try:
    builder.push(registry_url=target, username=user, password=secret + "x", show_progress=False)
    raise AssertionError("a wrong password pushed")
except PyContainerError as error:
    assert error.exit_code == 1, (error.exit_code, error.message)
    assert secret not in " ".join(error.command), error.command
    assert "refused authentication" in error.message, error.message
    print("refused:", error.message, file=sys.stderr)
try:
    builder.push(registry_url=target, password=secret)
    raise AssertionError("a password without username pushed")
except PyContainerError as error:
    assert "needs its username" in error.message, error.message
pushed = builder.push(registry_url=target, username=user, password=secret, show_progress=False)
assert pushed == target and pushed.digest == result.digest, (pushed, pushed.digest, result.digest)
print(pushed.digest)
PY
  fail "push with credentials"
digest=$(cat "$WORK/push.out")
expect_eq "$digest" "$(manifest_digest dist/image 1)" "the pushed digest"
expect_eq "$(skopeo inspect --cert-dir "$STATE/certs" --creds "$REGISTRY_USER:$REGISTRY_SECRET" --format '{{.Digest}}' \
  "docker://$REGISTRY/auth/notes:1")" "$digest" "what the registry serves"
echo "ok: pushed $REGISTRY/auth/notes:1@$digest with username and password"
