#!/usr/bin/env bash
# parallel.sh WORK: two images in one project build in parallel (-j2) without interfering, and
# pycontainer_add_test fails when an expectation is wrong.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/fastapi-app" "$WORK/fastapi"
cat > "$WORK/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(two_images LANGUAGES NONE)
find_package(PyContainer REQUIRED)
enable_testing()
pycontainer_image(hello_image ALL CONTEXT hello TAG hello:1 EXCLUDE CMakeLists.txt)
pycontainer_image(api_image ALL CONTEXT fastapi TAG api:1 EXCLUDE CMakeLists.txt ENV MODE=test EXPOSE 9000)
pycontainer_add_test(hello_ok IMAGE hello_image EXPECT_FILES /app/hello/cli.py)
pycontainer_add_test(api_ok IMAGE api_image EXPECT_ENV MODE=test EXPECT_LABELS io.pycontainer.framework=fastapi)
pycontainer_add_test(wrong_file IMAGE hello_image EXPECT_FILES /app/hello/missing.py)
pycontainer_add_test(wrong_entrypoint IMAGE api_image EXPECT_ENTRYPOINT python3 other.py)
pycontainer_add_test(wrong_env IMAGE api_image EXPECT_ENV MODE=prod)
CMAKE
configure "$WORK" "$WORK/build" Ninja
build "$WORK/build" -j2
expect_eq "$(steps_ran | grep -c Assembling)" "2" "images assembled"
check_layout_with_tools "$WORK/build/hello_image.oci" 1
check_layout_with_tools "$WORK/build/api_image.oci" 1
skopeo inspect --config "oci:$WORK/build/api_image.oci:1" > "$WORK/api.json"
expect_eq "$(json_get "$WORK/api.json" 'sorted(d["config"]["ExposedPorts"])')" "['9000/tcp']" "EXPOSE overrides the framework's port"

(cd "$WORK/build" && ctest -R '_ok$' --output-on-failure) || fail "the expectations that hold failed"
for test in wrong_file wrong_entrypoint wrong_env; do
  if (cd "$WORK/build" && ctest -R "^$test\$" > "$WORK/$test.log" 2>&1); then
    fail "pycontainer_add_test $test passed although its expectation is wrong"
  fi
done
echo "PASS"
