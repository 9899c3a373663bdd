#!/usr/bin/env bash
# An oci-archive: base is unpacked without leaving its tree: hard links and symbolic links pointing
# outside it, absolute names and names with ".." are refused (exit 2) and the file they name is untouched.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
context=$PYCONTAINER_SOURCE_DIR/examples/hello
mkdir -p "$WORK/cwd"
cd "$WORK/cwd"

# make_archive TAR NAME TYPE LINK: a pax archive of one entry carrying "pwned\n" (a hard link with data,
# which pax allows, writes its data to the file it links to).
make_archive() {
  python3 - "$@" <<'PY'
import sys, tarfile
path, name, kind, link = sys.argv[1:]
data = b"pwned\n"
info = tarfile.TarInfo(name)
info.type = {"hardlink": tarfile.LNKTYPE, "symlink": tarfile.SYMTYPE, "file": tarfile.REGTYPE}[kind]
info.linkname = link
info.pax_headers = {"size": str(len(data))}
body = info.tobuf(format=tarfile.PAX_FORMAT) + data + b"\0" * (512 - len(data)) + b"\0" * 1024
open(path, "wb").write(body)
PY
}

check_refused() {
  local case=$1 name=$2 kind=$3 link=$4
  echo original > "$WORK/victim"
  make_archive "$WORK/$case.tar" "$name" "$kind" "$link"
  local status=0
  "$PYCONTAINER" build --context "$context" --base-image "oci-archive:$WORK/$case.tar" --output "$WORK/out-$case" \
    2> "$WORK/$case.err" || status=$?
  expect_eq "$status" "2" "exit status for $case ($(cat "$WORK/$case.err"))"
  expect_contains "$(cat "$WORK/$case.err")" "outside the archive" "error for $case"
  expect_contains "$(cat "$WORK/$case.err")" "$case.tar" "error for $case"
  expect_eq "$(cat "$WORK/victim")" "original" "the file outside after $case"
  [[ ! -e $WORK/out-$case ]] || fail "$case wrote an image"
}

check_refused absolute_hardlink evil hardlink "$WORK/victim"
check_refused dotdot_hardlink evil hardlink "../victim"
check_refused absolute_symlink evil symlink "$WORK/victim"
check_refused dotdot_symlink blobs/evil symlink "../../victim"
check_refused absolute_name "$WORK/victim" file ""
check_refused dotdot_name "../victim" file ""
echo "PASS"
