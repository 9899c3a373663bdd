#!/usr/bin/env bash
# Test fixture: arm64 programs run on this machine through qemu-user and binfmt_misc, as the arm64 root
# filesystem (make_python_base.sh arm64) and the arm64 images of the tests need. Mounts binfmt_misc
# when it is not, enables qemu-aarch64 and checks with arch-test. Writes FIXTURES_DIR/arm64-emulation:
# "ok", or why emulation is unavailable here (the kernel has no binfmt_misc, it may not be mounted or
# written to); then exits 77, which CTest reports as skipped, and the arm64 tests skip giving that reason.
# Missing packages are a failure, never a skip.
#   arm64_emulation.sh FIXTURES_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fixtures=$1
mkdir -p "$fixtures"
status=$fixtures/arm64-emulation
rm -f "$status"
require_tool qemu-aarch64-static qemu-user-static
require_tool update-binfmts binfmt-support
require_tool arch-test arch-test

unavailable() {
  echo "$*" > "$status"
  echo "SKIP: arm64 emulation unavailable: $*"
  exit 77
}

binfmt=/proc/sys/fs/binfmt_misc
if [[ ! -e $binfmt/register ]]; then
  grep -qw binfmt_misc /proc/filesystems ||
    unavailable "the kernel has no binfmt_misc (not in /proc/filesystems)"
  mount -t binfmt_misc binfmt_misc "$binfmt" 2>"$fixtures/binfmt-mount.err" ||
    unavailable "binfmt_misc could not be mounted on $binfmt: $(cat "$fixtures/binfmt-mount.err")"
fi
if [[ ! -e $binfmt/qemu-aarch64 ]] || ! grep -qx enabled "$binfmt/qemu-aarch64"; then
  update-binfmts --enable qemu-aarch64 2>"$fixtures/binfmt-enable.err" ||
    unavailable "update-binfmts --enable qemu-aarch64 failed: $(cat "$fixtures/binfmt-enable.err")"
fi
arch-test arm64 >"$fixtures/arch-test.out" 2>&1 ||
  unavailable "arch-test arm64 says: $(cat "$fixtures/arch-test.out")"
echo ok > "$status"
echo "arm64 emulation: $(head -n 1 "$binfmt/qemu-aarch64"), $(grep flags "$binfmt/qemu-aarch64")"
