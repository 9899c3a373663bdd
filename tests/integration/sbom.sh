#!/usr/bin/env bash
# SBOMs (--sbom spdx|cyclonedx): a project with dependencies from a venv gets, beside its image, an
# OCI artifact "<tag>.sbom" whose subject is the image; the CycloneDX document is valid against
# CycloneDX's published JSON schema, the SPDX one has what SPDX 2.3 requires; both list every
# distribution with its declared license and purl, and the base's Debian packages (its dpkg status)
# with pkg:deb purls. The image itself still passes the independent
# checkers, a rebuild gives the same SBOM, and skopeo copies the artifact.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
export XDG_CACHE_HOME="$WORK/cache"

# CycloneDX's schemas, from the npm package of its JavaScript library (cached, checksum pinned).
schemas="$PYCONTAINER_FIXTURES/cyclonedx-schemas"
if [[ ! -f $schemas/bom-1.5.schema.json ]]; then
  tarball="$WORK/cyclonedx-library.tgz"
  curl -fsS -o "$tarball" https://registry.npmjs.org/@cyclonedx/cyclonedx-library/-/cyclonedx-library-10.3.0.tgz ||
    fail "could not download CycloneDX's schemas from registry.npmjs.org"
  echo "9833bd949052eb18218dd64b13ad62d9246f7395eef01c66dad08fcbacf74f01  $tarball" | sha256sum -c --quiet ||
    fail "the CycloneDX library tarball has an unexpected checksum"
  mkdir -p "$schemas.partial"
  tar -xzf "$tarball" -C "$schemas.partial" --strip-components=3 --wildcards 'package/res/schema/*.schema.json'
  for file in "$schemas.partial"/*.SNAPSHOT.schema.json; do mv "$file" "${file%.SNAPSHOT.schema.json}.schema.json"; done
  rm -rf "$schemas" && mv "$schemas.partial" "$schemas"
fi

app=$WORK/app
mkdir -p "$app"
printf '[project]\nname = "inventory"\nversion = "2.1"\n' > "$app/pyproject.toml"
printf 'import alpha, beta\nprint("ok")\n' > "$app/main.py"
python3 -m venv --without-pip "$app/.venv"
site=$(echo "$app"/.venv/lib/python3*/site-packages)
make_distribution() { # NAME VERSION METADATA-LINES
  mkdir -p "$site/$1" "$site/$1-$2.dist-info"
  echo "NAME = '$1'" > "$site/$1/__init__.py"
  printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n%b' "$1" "$2" "$3" > "$site/$1-$2.dist-info/METADATA"
  printf '%s/__init__.py,,\n%s-%s.dist-info/METADATA,,\n' "$1" "$1" "$2" > "$site/$1-$2.dist-info/RECORD"
}
make_distribution alpha 1.0 'License-Expression: MIT OR Apache-2.0\n'
make_distribution beta 0.3 'License: Proprietary, see LICENSE.txt\nClassifier: License :: OSI Approved :: ISC License (ISCL)\n'
make_distribution gamma 4.2 'License: Whatever\n'

build=("$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps
       --entrypoint "python3 main.py" --tag inventory:2.1)
"${build[@]}" --sbom cyclonedx --output "$WORK/cdx" > /dev/null
listed=$(/usr/bin/python3 "$(dirname "$0")/check_sbom.py" "$WORK/cdx" 2.1 cyclonedx "$schemas" \
  "alpha=MIT OR Apache-2.0" "beta=ISC" "gamma=-" deb:libc6 deb:python3.11)
expect_eq "$listed" "alpha beta gamma" "the packages of the CycloneDX SBOM"
check_layout_with_tools "$WORK/cdx" 2.1
skopeo copy --quiet "oci:$WORK/cdx:2.1.sbom" "oci:$WORK/copied:sbom" || fail "skopeo cannot copy the SBOM artifact"

"${build[@]}" --sbom spdx --output "$WORK/spdx" > /dev/null
listed=$(/usr/bin/python3 "$(dirname "$0")/check_sbom.py" "$WORK/spdx" 2.1 spdx "$schemas" \
  "alpha=MIT OR Apache-2.0" "beta=ISC" "gamma=-" deb:libc6 deb:python3.11)
expect_eq "$listed" "alpha beta gamma" "the packages of the SPDX SBOM"

# A rebuild replaces the SBOM of the tag with the same bytes; the index keeps one of each.
before=$(cat "$WORK/spdx/index.json")
"${build[@]}" --sbom spdx --output "$WORK/spdx" > /dev/null
expect_eq "$(cat "$WORK/spdx/index.json")" "$before" "index.json after an unchanged rebuild with --sbom"
expect_eq "$(json_get "$WORK/spdx/index.json" 'len(d["manifests"])')" 2 "manifests in index.json"

# A bad format is a usage error naming the choices, and nothing is written.
if "${build[@]}" --sbom swid --output "$WORK/bad" 2> "$WORK/bad.err"; then
  fail "--sbom swid was accepted"
fi
expect_contains "$(cat "$WORK/bad.err")" "use spdx or cyclonedx" "the --sbom error"
[[ ! -e $WORK/bad ]] || fail "--sbom swid wrote $WORK/bad"
echo "sbom: ok"
