#!/usr/bin/env bash
# The steps of action.yml (the composite GitHub action), runnable anywhere: INPUT_* as action.yml passes
# them. Install: a venv ($PYCONTAINER_VENV, default $RUNNER_TEMP/pycontainer-venv) of $PYCONTAINER_PYTHON
# (default python3) with `pip install $PYCONTAINER_ACTION_SOURCE` (extra venv and pip arguments in PYCONTAINER_VENV_ARGS and
# PYCONTAINER_PIP_ARGS, e.g. offline: --system-site-packages and --no-build-isolation --no-index).
# Build, push (credentials on stdin), outputs digest and references to $GITHUB_OUTPUT (else stdout).
set -euo pipefail

say() { echo "pycontainer action: $*" >&2; }
truthy() {
  case ${1,,} in
    true | 1 | yes) return 0 ;;
    false | 0 | no | '') return 1 ;;
    *) say "error: '$1' is not true or false (input $2)"; exit 2 ;;
  esac
}

source_dir=${PYCONTAINER_ACTION_SOURCE:?PYCONTAINER_ACTION_SOURCE: the PyContainer repository to install}
venv=${PYCONTAINER_VENV:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/pycontainer-venv}
if [[ ! -x $venv/bin/pycontainer ]]; then
  say "installing PyContainer from $source_dir into $venv"
  # shellcheck disable=SC2086 # the argument lists are split on purpose
  "${PYCONTAINER_PYTHON:-python3}" -m venv ${PYCONTAINER_VENV_ARGS:-} "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet ${PYCONTAINER_PIP_ARGS:-} "$source_dir" >&2
fi
"$venv/bin/pycontainer" --version >&2

args=(build --context "${INPUT_CONTEXT:-.}" --output "${INPUT_OUTPUT:-dist/image}")
[[ -n ${INPUT_TAG:-} ]] && args+=(--tag "$INPUT_TAG")
[[ -n ${INPUT_BASE_IMAGE:-} ]] && args+=(--base-image "$INPUT_BASE_IMAGE")
[[ -n ${INPUT_PLATFORM:-} ]] && args+=(--platform "$INPUT_PLATFORM")
[[ -n ${INPUT_SBOM:-} ]] && args+=(--sbom "$INPUT_SBOM")
truthy "${INPUT_INCLUDE_DEPS:-true}" include-deps && args+=(--include-deps)
password=()
if truthy "${INPUT_PUSH:-true}" push; then
  args+=(--push --no-progress)
  [[ -n ${INPUT_REGISTRY:-} ]] && args+=(--registry "$INPUT_REGISTRY")
  if [[ -n ${INPUT_PASSWORD:-} ]]; then
    [[ -n ${INPUT_USERNAME:-} ]] || { say "error: input password needs input username"; exit 2; }
    args+=(--username "$INPUT_USERNAME" --password-stdin)
    password=("$INPUT_PASSWORD")
  fi
fi
metadata=$(mktemp)
trap 'rm -f "$metadata"' EXIT
printf '%s' "${password[@]}" | "$venv/bin/pycontainer" "${args[@]}" --metadata-file "$metadata" >&2

read_metadata() { "$venv/bin/python" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$metadata" "$1"; }
digest=$(read_metadata 'd["digest"]')
references=$(read_metadata '"\n".join(d["references"])')
out=${GITHUB_OUTPUT:-/dev/stdout}
{
  echo "digest=$digest"
  printf 'references<<PYCONTAINER_EOF\n%s\nPYCONTAINER_EOF\n' "$references"
} >>"$out"
say "built $digest"
