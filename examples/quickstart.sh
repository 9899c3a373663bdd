#!/usr/bin/env bash
# The quickstart, offline: installs what is missing (Debian packages), builds the helper, makes a
# local Python base image from Debian's packages (mmdebstrap, cached in build/fixtures), builds
# examples/hello into build/hello-image, then unpacks the image and runs its entrypoint.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PYCONTAINER_BUILD_DIR:-$root/build}

bash "$root/tests/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target pycontainer
export PYCONTAINER=$build/helper/pycontainer
bash "$root/tests/integration/make_python_base.sh" "$build/fixtures"
base_tag=$(cut -d: -f2 < "$build/fixtures/python-base.ref")

"$PYCONTAINER" build --context "$root/examples/hello" --base-image "oci:$build/fixtures/python-base:$base_tag" \
  --output "$build/hello-image"
"$PYCONTAINER" inspect "$build/hello-image:0.1.0"

rm -rf "$build/hello-bundle"
umoci --log error unpack --image "$build/hello-image:0.1.0" "$build/hello-bundle"
echo "--- running the image's entrypoint (umoci unpack + chroot):"
python3 "$root/tests/integration/run_bundle.py" "$build/hello-bundle"
