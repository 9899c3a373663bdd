#!/usr/bin/env bash
# Test fixture: a Python base image made offline from Debian's packages, standing in for
# python:3.11-slim. The root filesystem tarball (mmdebstrap) is cached in the fixtures directory, or
# taken from $PYCONTAINER_TEST_ROOTFS when set; the layout is made from it with import-rootfs.
#   make_python_base.sh FIXTURES_DIR [web|arm64|multi]
# With "web", the same base with Debian's Flask, FastAPI, uvicorn, Django and gunicorn installed
# system-wide (python-web-base): the corpus of tests/projects runs web apps on it with no dependency
# layers, as an image FROM a framework base would.
# With "arm64", the base for linux/arm64 (python-arm64-base; its root filesystem made with
# `mmdebstrap --arch=arm64`, about 2 minutes once, which needs the arm64_emulation fixture). With
# "multi", both platforms' root filesystems (made by the two fixtures before) in one image index
# (python-multi-base), as python:3.11-slim is on a registry.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fixtures=$1
variant=${2:-}
mkdir -p "$fixtures"
amd64_rootfs=${PYCONTAINER_TEST_ROOTFS:-$fixtures/python-rootfs.tar}
arm64_rootfs=$fixtures/python-arm64-rootfs.tar

# make_rootfs TARBALL PACKAGES [ARCH]: the root filesystem, unless cached.
make_rootfs() {
  local rootfs=$1 packages=$2 arch=${3:-amd64}
  [[ -s $rootfs ]] && return
  require_tool mmdebstrap mmdebstrap
  echo "making the root filesystem $rootfs ($arch) with mmdebstrap (30 s to 2 min, cached)"
  # mmdebstrap chooses its output format by the file name's extension: keep ".tar" on the temporary name.
  local partial=${rootfs%.tar}.partial.tar
  rm -rf "$partial"
  mmdebstrap --quiet --arch="$arch" --variant=essential --include="$packages" --mode=root bookworm "$partial"
  mv "$partial" "$rootfs"
}

name=python
platforms=linux/amd64
tarballs=("$amd64_rootfs")
case $variant in
  "") make_rootfs "$amd64_rootfs" python3 ;;
  web)
    name=python-web
    tarballs=("$fixtures/python-web-rootfs.tar")
    make_rootfs "${tarballs[0]}" python3,python3-flask,python3-fastapi,python3-uvicorn,python3-django,gunicorn
    ;;
  arm64)
    require_arm64_emulation
    name=python-arm64
    platforms=linux/arm64
    tarballs=("$arm64_rootfs")
    make_rootfs "$arm64_rootfs" python3 arm64
    ;;
  multi)
    require_arm64_emulation
    name=python-multi
    platforms=linux/amd64,linux/arm64
    tarballs=("$amd64_rootfs" "$arm64_rootfs")
    for rootfs in "${tarballs[@]}"; do
      [[ -s $rootfs ]] || fail "no $rootfs: the fixtures python_base and python_arm64_base make it"
    done
    ;;
  *) fail "unknown variant '$variant' (web, arm64 or multi)" ;;
esac

rootfs=${tarballs[0]}
python_version=$(tar -tf "$rootfs" | sed -n 's|^\./usr/bin/python\(3\.[0-9]*\)$|\1|p' | head -n 1)
[[ -n $python_version ]] || fail "no usr/bin/python3.X in $rootfs"
full_version=$(tar -xOf "$rootfs" ./usr/share/doc/python${python_version}/changelog.Debian.gz 2>/dev/null |
  gzip -dc | sed -n '1s/.*(\([0-9.]*\).*/\1/p')
rm -rf "$fixtures/$name-base"
"$PYCONTAINER" --quiet import-rootfs "${tarballs[@]}" --platform "$platforms" --output "$fixtures/$name-base" \
  --tag "$name:${python_version}-slim" \
  --env PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin --env LANG=C.UTF-8 \
  --env "PYTHON_VERSION=${full_version:-$python_version}" --cmd python3 >/dev/null
echo "$name:${python_version}-slim" > "$fixtures/$name-base.ref"
"$PYCONTAINER" verify "$fixtures/$name-base:${python_version}-slim"
