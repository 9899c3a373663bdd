#!/usr/bin/env bash
# Test fixture: a Python base image made offline from Debian's packages, standing in for
# python:3.11-slim. The root filesystem tarball (mmdebstrap) is cached in the fixtures directory, or
# taken from $PYCONTAINER_TEST_ROOTFS when set; the layout is made from it with import-rootfs.
#   make_python_base.sh FIXTURES_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fixtures=$1
mkdir -p "$fixtures"
rootfs=${PYCONTAINER_TEST_ROOTFS:-$fixtures/python-rootfs.tar}

if [[ ! -s $rootfs ]]; then
  require_tool mmdebstrap mmdebstrap
  echo "making the Python root filesystem with mmdebstrap (about 30 s, cached in $rootfs)"
  # mmdebstrap chooses its output format by the file name's extension: keep ".tar" on the temporary name.
  partial=${rootfs%.tar}.partial.tar
  rm -rf "$partial"
  mmdebstrap --quiet --variant=essential --include=python3 --mode=root bookworm "$partial"
  mv "$partial" "$rootfs"
fi

python_version=$(tar -tf "$rootfs" | sed -n 's|^\./usr/bin/python\(3\.[0-9]*\)$|\1|p' | head -n 1)
[[ -n $python_version ]] || fail "no usr/bin/python3.X in $rootfs"
full_version=$(tar -xOf "$rootfs" ./usr/share/doc/python${python_version}/changelog.Debian.gz 2>/dev/null |
  gzip -dc | sed -n '1s/.*(\([0-9.]*\).*/\1/p')
rm -rf "$fixtures/python-base"
"$PYCONTAINER" --quiet import-rootfs "$rootfs" --output "$fixtures/python-base" --tag "python:${python_version}-slim" \
  --env PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin --env LANG=C.UTF-8 \
  --env "PYTHON_VERSION=${full_version:-$python_version}" --cmd python3 >/dev/null
echo "python:${python_version}-slim" > "$fixtures/python-base.ref"
"$PYCONTAINER" verify "$fixtures/python-base:${python_version}-slim"
