#!/usr/bin/env bash
# Zero configuration on projects shaped like real ones (issue 14): every tests/projects/NAME.expect names
# a project tests/projects/NAME and what its image must be. Each project, copied to the work directory,
# is built as its user would build it: `pycontainer build --base-image BASE` in its directory, no other
# flag. The dry run must name the expected tag (and the plan lines the .expect lists), the image's
# command and ports must be the expected ones, and the image runs in Docker with --network none: a CLI
# prints its output, a web app answers HTTP on its own port (asked from inside the container).
#   corpus.sh WORK DOCKER-STATE; CORPUS_ONLY=a,b runs only those projects.
# What a NAME.expect sets:
#   image=REPO:TAG              the default tag (docker.io/library/REPO:TAG)
#   base=python|web             the tests' Python base, or the same with Debian's web frameworks
#   plan=(LINE...)              substrings of the --dry-run output
#   command='WORDS'             the Entrypoint then the Cmd, one space between words
#   ports='8000/tcp ...'        the exposed ports, sorted
#   args=(...) output='TEXT'    a CLI: what `docker run IMAGE ARGS...` prints, exactly
#   port=N path=/P answer=TEXT  a web app: GET http://127.0.0.1:N/P answers a body containing TEXT
#   run=no                      built and checked, not run (its framework is not in Debian)
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
projects=$PYCONTAINER_SOURCE_DIR/tests/projects
web_base="oci:$PYCONTAINER_FIXTURES/python-web-base:$(cut -d: -f2 "$PYCONTAINER_FIXTURES/python-web-base.ref")"

# check_project NAME: one project, in a subshell so that no .expect setting leaks into the next.
check_project() (
  local name=$1 image="" base=python plan=() command="" ports="" args=() output="" port="" path=/ answer="" run=yes
  # shellcheck disable=SC1090 # the project's expectations
  source "$projects/$name.expect"
  [[ -n $image ]] || fail "$name.expect sets no image="
  [[ -n $port || -n $output || $run == no ]] || fail "$name.expect sets neither output= (a CLI), port= (a web app) nor run=no"
  local base_ref=$base
  case $base in
    python) base_ref=$(python_base) ;;
    web) base_ref=$web_base ;;
    *) fail "$name.expect: base=$base is neither python nor web" ;;
  esac
  local context=$WORK/$name
  cp -r "$projects/$name" "$context"

  local dry
  dry=$(cd "$context" && "$PYCONTAINER" build --base-image "$base_ref" --dry-run 2>"$WORK/$name.dry-run.stderr") ||
    fail "$name: the dry run failed: $(cat "$WORK/$name.dry-run.stderr")"
  expect_contains "$dry" "Image:       docker.io/library/$image" "$name's plan"
  local line
  for line in "${plan[@]}"; do
    expect_contains "$dry" "$line" "$name's plan"
  done
  (cd "$context" && "$PYCONTAINER" --quiet build --base-image "$base_ref" >/dev/null 2>"$WORK/$name.stderr") ||
    fail "$name: the build with only --base-image failed: $(cat "$WORK/$name.stderr")"

  local layout=$context/dist/image tag=${image##*:}
  "$PYCONTAINER" inspect --json "$layout:$tag" >"$WORK/$name.inspect.json" || fail "$name: pycontainer inspect failed"
  local words
  words=$(json_get "$WORK/$name.inspect.json" '" ".join((d["entrypoint"] or []) + (d["cmd"] or []))')
  [[ -z $command ]] || expect_eq "$words" "$command" "$name's command (entrypoint, cmd)"
  [[ -z $ports ]] || expect_eq "$(json_get "$WORK/$name.inspect.json" '" ".join(sorted(d["exposed_ports"]))')" \
    "$ports" "$name's exposed ports"
  if [[ $run == no ]]; then
    echo "ok: $name -> $image: $words (not run)"
    return
  fi

  local engine_image=pycontainer-corpus/$name:$tag
  docker_archive "$layout" "$tag" "$WORK/$name.tar" "$engine_image"
  docker load --quiet --input "$WORK/$name.tar" >/dev/null || fail "docker load rejects $name's image"
  rm "$WORK/$name.tar"
  if [[ -n $port ]]; then
    local container body
    container=$(docker run --detach --network none "$engine_image") || fail "$name: docker run failed"
    body=$(engine_http_answer docker "$container" "$port" inside "$path") || {
      docker rm --force "$container" >/dev/null
      exit 1
    }
    docker rm --force "$container" >/dev/null
    expect_contains "$body" "$answer" "$name's answer to GET $path"
    echo "ok: $name -> $image: $words; GET :$port$path answered"
  else
    local printed
    printed=$(docker run --rm --network none "$engine_image" "${args[@]}") || fail "$name: the image failed: $printed"
    expect_eq "$printed" "$output" "$name's output"
    echo "ok: $name -> $image: $words; printed: $printed"
  fi
  docker rmi "$engine_image" >/dev/null
)

count=0
for expect in "$projects"/*.expect; do
  name=$(basename "$expect" .expect)
  [[ -d $projects/$name ]] || fail "$expect has no project directory $projects/$name"
  [[ -z ${CORPUS_ONLY:-} || ",$CORPUS_ONLY," == *",$name,"* ]] || continue
  check_project "$name"
  count=$((count + 1))
done
((count > 0)) || fail "no project ran (CORPUS_ONLY=${CORPUS_ONLY:-})"
echo "PASS: $count projects built with only --base-image"
