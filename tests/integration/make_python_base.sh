#!/usr/bin/env bash
# Test fixture: a Python base image made offline from Debian's packages, standing in for
# python:3.11-slim. The root filesystem tarball (mmdebstrap) is cached in the fixtures directory, or
# taken from $PYCONTAINER_TEST_ROOTFS when set; the layout is made from it with import-rootfs.
#   make_python_base.sh FIXTURES_DIR [web]
# With "web", the same base with Debian's Flask, FastAPI, uvicorn, Django and gunicorn installed
# system-wide (python-web-base): the corpus of tests/projects runs web apps on it with no dependency
# layers, as an image FROM a framework base would.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fixtures=$1
variant=${2:-}
mkdir -p "$fixtures"
packages=python3
name=python
rootfs=${PYCONTAINER_TEST_ROOTFS:-$fixtures/python-rootfs.tar}
if [[ $variant == web ]]; then
  packages+=,python3-flask,python3-fastapi,python3-uvicorn,python3-django,gunicorn
  name=python-web
  rootfs=$fixtures/python-web-rootfs.tar
fi

if [[ ! -s $rootfs ]]; then
  require_tool mmdebstrap mmdebstrap
  echo "making the root filesystem of $name-base with mmdebstrap (30-60 s, cached in $rootfs)"
  # mmdebstrap chooses its output format by the file name's extension: keep ".tar" on the temporary name.
  partial=${rootfs%.tar}.partial.tar
  rm -rf "$partial"
  mmdebstrap --quiet --variant=essential --include="$packages" --mode=root bookworm "$partial"
  mv "$partial" "$rootfs"
fi

python_version=$(tar -tf "$rootfs" | sed -n 's|^\./usr/bin/python\(3\.[0-9]*\)$|\1|p' | head -n 1)
[[ -n $python_version ]] || fail "no usr/bin/python3.X in $rootfs"
full_version=$(tar -xOf "$rootfs" ./usr/share/doc/python${python_version}/changelog.Debian.gz 2>/dev/null |
  gzip -dc | sed -n '1s/.*(\([0-9.]*\).*/\1/p')
rm -rf "$fixtures/$name-base"
"$PYCONTAINER" --quiet import-rootfs "$rootfs" --output "$fixtures/$name-base" --tag "$name:${python_version}-slim" \
  --env PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin --env LANG=C.UTF-8 \
  --env "PYTHON_VERSION=${full_version:-$python_version}" --cmd python3 >/dev/null
echo "$name:${python_version}-slim" > "$fixtures/$name-base.ref"
"$PYCONTAINER" verify "$fixtures/$name-base:${python_version}-slim"
