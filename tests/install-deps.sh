#!/usr/bin/env bash
# Installs, from Debian's packages, whatever this machine lacks to build PyContainer and run its tests
# and examples. Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  # build
  cmake ninja-build meson g++ pkg-config
  # the Bazel example and test (examples/bazel-mixed, tests/bazel): Debian's Bazel 4.2, offline
  bazel-bootstrap
  libarchive-dev zlib1g-dev libssl-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libzstd-dev
  libgtest-dev libisal-dev
  # fuzz harnesses (tests/fuzz): clang with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
  # tests and quickstart: a Python base image, independent checkers
  mmdebstrap python3 python3-dev skopeo umoci oci-image-tool strace
  # dependency tests: venvs, pip wheel/install of local packages (one with a C extension), bytecode
  python3-venv python3-pip python3-wheel python3-setuptools gcc bc
  # lock tests (tests/integration/make_wheel_index.sh): the aarch64 build of the index's C extension (the
  # cross compilers only recommend the arm64 C library headers, which --no-install-recommends leaves out),
  # the real Poetry that locks against it, poetry-core, which the index serves as a wheel for the build of
  # its sdist; cmake.platforms cross-compiles a C++ extension; arm64 images and root filesystems run under
  # emulation (binfmt_misc + qemu-aarch64, tests/integration/arm64_emulation.sh)
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross python3-poetry python3-poetry-core
  qemu-user-static binfmt-support arch-test
  # the pip-installable package (tests/python): its Hatch build hook under Debian's hatchling, its sdist
  # and wheel through python3 -m build, pipx install .
  python3-hatchling python3-build pipx
  # registry tests: a real registry, htpasswd, a test CA, the JWT token issuer; libcurl for the helper
  libcurl4-openssl-dev docker-registry apache2-utils openssl curl python3-jwt python3-cryptography
  # SBOM tests: CycloneDX's JSON schema (a tarball from npm's registry) checked with jsonschema
  python3-jsonschema
  # container engine tests: a private Docker daemon (its containerd, runc, tini) and Podman (conmon), which
  # run our images for real; docker.io and podman depend on the rest
  docker.io containerd runc podman
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) != 0 ]]; then
  sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
