#!/usr/bin/env bash
# A Django project (its venv in the context, Django from Debian's packages) in real engines: the
# detected entrypoint (`python3 /app/manage.py runserver 0.0.0.0:8000` through the launcher) serves the
# page in Docker, as uid 12345 on a read-only root filesystem, and in Podman (asked from inside the
# container: runserver's address is positional, so a free port cannot be appended as with uvicorn, and
# with --network none 8000 is the container's own), and `docker stop` ends it within 2 s (runserver's
# autoreloader, PID 1, has a SIGTERM handler of its own that exits 0 and replaces the launcher's).
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman

app="$WORK/django-app"
mkdir -p "$app/mysite"
printf '[project]\nname = "django-hello"\nversion = "1.0"\nrequires-python = ">=3.11"\ndependencies = ["django"]\n' \
  >"$app/pyproject.toml"
cat >"$app/manage.py" <<'PY'
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
PY
touch "$app/mysite/__init__.py"
cat >"$app/mysite/settings.py" <<'PY'
SECRET_KEY = "only-for-this-test"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "mysite.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
TIME_ZONE = "UTC"
PY
cat >"$app/mysite/urls.py" <<'PY'
from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("", lambda request: HttpResponse("hello from django in the image"))]
PY
PATH="/usr/bin:$PATH" make_venv_from_debs "$app/.venv" python3-django python3-asgiref python3-sqlparse python3-tz
# Debian's pytz and Django read the system's time zones (/usr/share/zoneinfo), which python:3.11-slim
# has and our essential-only base lacks: Debian's tzdata goes in as a layer of its own.
debian_packages "$WORK/tzdata" tzdata
# Its zoneinfo/localtime -> /etc/localtime is an absolute link, which FILES refuses (it would name the
# image's own file); the zones themselves link relatively, inside the directory.
rm "$WORK/tzdata/root/usr/share/zoneinfo/localtime"
"$PYCONTAINER" --quiet build --context "$app" --base-image "$base" --include-deps --output "$WORK/image" \
  --files "$WORK/tzdata/root/usr/share/zoneinfo" --destination /usr/share >/dev/null
expect_eq "$("$PYCONTAINER" inspect --json "$WORK/image:1.0" | python3 -c \
  'import json, sys; print(" ".join(json.load(sys.stdin)["entrypoint"][3:]))')" \
  "/app/manage.py runserver 0.0.0.0:8000" "what the launcher runs"
docker_archive "$WORK/image" 1.0 "$WORK/django.tar" pycontainer-test/django-hello:1.0
expected="hello from django in the image"

docker load --quiet --input "$WORK/django.tar" >/dev/null || fail "docker load rejects the image"
docker_container=$(docker run --detach --network none --user 12345:12345 --read-only pycontainer-test/django-hello:1.0)
trap 'docker rm --force "$docker_container" >/dev/null 2>&1 || true; podman_cleanup' EXIT
expect_eq "$(engine_http_answer docker "$docker_container" 8000 inside)" "$expected" "the page in Docker"
docker_stop_within_2s "$docker_container"

podman load --quiet --input "$WORK/django.tar" >/dev/null || fail "podman load rejects the image"
rm "$WORK/django.tar"
podman_container=$(podman run --detach --network none pycontainer-test/django-hello:1.0)
expect_eq "$(engine_http_answer podman "$podman_container" 8000 inside)" "$expected" "the page in Podman"
podman rm --force "$podman_container" >/dev/null
echo "PASS: $expected (Docker and Podman); docker stop within 2 s"
