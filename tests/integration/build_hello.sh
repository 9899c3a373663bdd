#!/usr/bin/env bash
# examples/hello on the Python base: accepted by oci-image-tool, skopeo, umoci and our verify; the
# unpacked file tree and config are what the project implies.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"

"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$(python_base)" \
  --output "$WORK/image" > "$WORK/stdout"
expect_contains "$(cat "$WORK/stdout")" "docker.io/library/hello:0.1.0@sha256:" "build output"
check_layout_with_tools "$WORK/image" 0.1.0

skopeo inspect --config "oci:$WORK/image:0.1.0" > "$WORK/config.json"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Entrypoint"]')" \
  "['python3', '-c', 'import signal, sys; signal.signal(signal.SIGTERM, lambda *_: sys.exit(143)); from hello.cli import main; sys.exit(main())']" "Entrypoint"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["WorkingDir"]')" "/app" "WorkingDir"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["org.opencontainers.image.title"]')" "hello" "title label"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["org.opencontainers.image.version"]')" "0.1.0" "version label"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["org.opencontainers.image.source"]')" \
  "https://example.com/acme/hello" "source label"
expect_eq "$(json_get "$WORK/config.json" 'len(d["rootfs"]["diff_ids"])')" "2" "diff_ids (base + app)"
expect_eq "$(json_get "$WORK/config.json" '[e for e in d["config"]["Env"] if e.startswith("PATH=")]')" \
  "['PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin']" "PATH kept from the base"
expect_eq "$(json_get "$WORK/config.json" 'd["created"]')" "1980-01-01T00:00:00Z" "created"

manifest=$(skopeo inspect --raw "oci:$WORK/image:0.1.0")
expect_contains "$manifest" '"org.opencontainers.image.base.name":"docker.io/library/python:3.11-slim"' "manifest annotations"
expect_contains "$manifest" 'application/vnd.oci.image.layer.v1.tar+gzip' "layer media type"

unpack_image "$WORK/image" 0.1.0 "$WORK/bundle"
for file in app/hello/cli.py app/hello/__init__.py app/pyproject.toml app/README.md usr/bin/python3; do
  [[ -e $WORK/bundle/rootfs/$file ]] || fail "/$file is missing from the unpacked image"
done
[[ ! -e $WORK/bundle/rootfs/app/hello/__pycache__ ]] || fail "__pycache__ must not be packed"
expect_eq "$(stat -c '%a %u:%g' "$WORK/bundle/rootfs/app/hello/cli.py")" "644 0:0" "mode and owner of cli.py"
expect_eq "$(json_get "$WORK/bundle/config.json" 'd["process"]["cwd"]')" "/app" "bundle cwd"
echo "PASS"
