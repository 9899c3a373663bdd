#!/usr/bin/env bash
# The multi-platform benchmark (issue 17): the same project (bench/fixture.sh's app of 300 modules, and a
# virtualenv of Debian's pure-Python packages, ~60 MB: Django, botocore, Pygments, NetworkX, which serves
# every platform) built with --include-deps on the tests' two-platform base (python-multi-base:
# tests/integration/make_python_base.sh, arm64 made with mmdebstrap --arch=arm64 through qemu binfmt)
# for linux/amd64 alone and for linux/amd64,linux/arm64 (an image index), with the dependency layers
# from the layer cache and one app file touched before each run (the edit-build loop). Prints the median
# seconds of BENCH_REPEAT runs (default 5) of each, and the target of issue 17: two platforms <= 1.5x one.
# Not a test: timings vary with the machine's load.
#
#   bench/multi_platform.sh [PYCONTAINER]   default: build/helper/pycontainer; BENCH_CACHE (default
#                                           bench/.cache), BENCH_ROOTFS, BENCH_ARM64_ROOTFS (the bases'
#                                           root filesystem tarballs; else made with mmdebstrap)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pycontainer=$(realpath "${1:-$here/../build/helper/pycontainer}")
cache=${BENCH_CACHE:-$here/.cache}
repeat=${BENCH_REPEAT:-5}
[[ -x $pycontainer ]] || { echo "bench: $pycontainer is not built (cmake --build build)" >&2; exit 1; }
source "$here/lib.sh"
install_missing mmdebstrap:mmdebstrap qemu-aarch64-static:qemu-user-static update-binfmts:binfmt-support \
  arch-test:arch-test

read -r project _ < <("$here/fixture.sh" "$cache")
# The two-platform base, made as the tests make it.
bases=$cache/multi-base
mkdir -p "$bases"
[[ -z ${BENCH_ROOTFS:-} || -e $bases/python-rootfs.tar ]] || ln -sf "$BENCH_ROOTFS" "$bases/python-rootfs.tar"
[[ -z ${BENCH_ARM64_ROOTFS:-} || -e $bases/python-arm64-rootfs.tar ]] ||
  ln -sf "$BENCH_ARM64_ROOTFS" "$bases/python-arm64-rootfs.tar"
make_base_fixture() { PYCONTAINER=$pycontainer PYCONTAINER_FIXTURES=$bases bash "$here/../tests/integration/$@" >&2; }
make_base_fixture arm64_emulation.sh "$bases" || fail "arm64 emulation is unavailable here: $(cat "$bases/arm64-emulation")"
make_base_fixture make_python_base.sh "$bases"
make_base_fixture make_python_base.sh "$bases" arm64
make_base_fixture make_python_base.sh "$bases" multi
base=oci:$bases/python-multi-base:$(cut -d: -f2 "$bases/python-multi-base.ref")

# The pure-Python virtualenv (from the debs bench/fixture.sh keeps).
venv=$cache/multi-venv
if [[ ! -e $venv/.complete ]]; then
  rm -rf "$venv" "$cache/multi-root"
  mkdir -p "$venv/lib/python3.11" "$venv/bin" "$cache/multi-root"
  pure=(python3-django python3-botocore python3-pygments python3-networkx)
  for package in "${pure[@]}"; do
    deb=$(compgen -G "$cache/debs/${package}_*.deb" | head -n 1) || fail "no $package in $cache/debs"
    dpkg -x "$deb" "$cache/multi-root"
  done
  printf 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n' >"$venv/pyvenv.cfg"
  ln -s /usr/bin/python3.11 "$venv/bin/python3.11"
  ln -s python3.11 "$venv/bin/python3"
  mv "$cache/multi-root/usr/lib/python3/dist-packages" "$venv/lib/python3.11/site-packages"
  find "$venv/lib/python3.11/site-packages" -type l -delete
  [[ -z $(find "$venv" -type f -name '*.so*' | head -n 1) ]] || fail "the pure venv has compiled files"
  rm -rf "$cache/multi-root"
  touch "$venv/.complete"
fi

work=$cache/multi-platform
rm -rf "$work"
mkdir -p "$work"
export XDG_CACHE_HOME=$work/cache
build() {
  "$pycontainer" --quiet build --context "$project" --base-image "$base" --include-deps --venv "$venv" \
    -t service:1 "$@" >/dev/null
}
# Warm-up: the layer cache gets the dependency layers, both bases are inspected once.
build --platform linux/amd64 --output "$work/one"
build --platform linux/amd64,linux/arm64 --output "$work/two"

# median_seconds ARGS...: the median of $repeat timed builds, each after touching one app file.
median_seconds() {
  local times=() i start end
  for ((i = 0; i < repeat; i++)); do
    echo "# edit $i $RANDOM" >>"$project/app/service/module_000.py"
    start=$EPOCHREALTIME
    build "$@"
    end=$EPOCHREALTIME
    times+=("$(seconds_between "$start" "$end")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((repeat + 1) / 2))p"
}
one=$(median_seconds --platform linux/amd64 --output "$work/one")
two=$(median_seconds --platform linux/amd64,linux/arm64 --output "$work/two")
# The fixture's app file back as it was.
sed -i '/^# edit [0-9]* [0-9]*$/d' "$project/app/service/module_000.py"

printf '%-58s %9s s\n' "one platform (linux/amd64), deps from the cache" "$one" \
  "two platforms (linux/amd64,linux/arm64), deps from the cache" "$two"
ratio=$(quotient "$two" "$one")
target "issue 17: two-platform / one-platform build (cached deps)" "$ratio" "<=" 1.5
