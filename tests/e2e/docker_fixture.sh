#!/usr/bin/env bash
# The private Docker daemon of the engine tests (a CTest fixture): `start STATE` starts Debian's dockerd
# with its data root, exec root, socket and pid file in an engine_scratch_dir (named in STATE/run_dir;
# its log is STATE/dockerd.log), with no bridge and no iptables rules, and waits until `docker info`
# answers; `stop STATE` stops it by its pid and removes both directories. DOCKER_DATA_ROOT puts the data
# root elsewhere (bench/run: on disk, where /var/lib/docker is); it is removed on stop as well.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
action=$1 state=$2

stop_daemon() {
  [[ -f $state/run_dir ]] || return 0
  local run_dir pid
  run_dir=$(cat "$state/run_dir")
  if [[ -f $run_dir/docker.pid ]]; then
    pid=$(cat "$run_dir/docker.pid")
    local started
    started=$(date +%s.%N)
    if kill "$pid" 2>/dev/null; then
      local attempt
      for attempt in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        echo "dockerd $pid did not stop in 15 s on SIGTERM: killed" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
      echo "dockerd $pid stopped after $(echo "$(date +%s.%N) - $started" | bc) s"
    fi
  fi
  # A daemon that was killed leaves its mounts (exec/netns/default, overlays) behind.
  local mount_point
  findmnt --list --noheadings --output TARGET | { grep -F "$run_dir/" || true; } | sort -r | while read -r mount_point; do
    umount --lazy "$mount_point" || true
  done
  rm -rf "$run_dir"
  rm -f "$state/run_dir"
  if [[ -f $state/data_root ]]; then
    rm -rf "$(cat "$state/data_root")"
    rm -f "$state/data_root"
  fi
}

case $action in
start)
  skip_unless_root
  require_tool dockerd docker.io
  require_tool /usr/bin/docker docker.io
  stop_daemon
  rm -rf "$state"
  mkdir -p "$state"
  run_dir=$(engine_scratch_dir dockerd)
  echo "$run_dir" >"$state/run_dir"
  data_root=${DOCKER_DATA_ROOT:-$run_dir/data}
  if [[ -n ${DOCKER_DATA_ROOT:-} ]]; then
    rm -rf "$data_root"
    echo "$data_root" >"$state/data_root"
  fi
  echo '{}' >"$state/daemon.json" # not the machine's /etc/docker/daemon.json
  started=$(date +%s.%N)
  setsid dockerd --config-file "$state/daemon.json" --data-root "$data_root" --exec-root "$run_dir/exec" \
    --host "unix://$run_dir/docker.sock" --pidfile "$run_dir/docker.pid" --bridge=none --iptables=false \
    </dev/null >"$state/dockerd.log" 2>&1 &
  daemon=$!
  for attempt in $(seq 1 300); do
    if /usr/bin/docker --host "unix://$run_dir/docker.sock" info >/dev/null 2>&1; then
      echo "dockerd $daemon answers on unix://$run_dir/docker.sock after $(echo "$(date +%s.%N) - $started" | bc) s"
      exit 0
    fi
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 30 "$state/dockerd.log" >&2
  kill "$daemon" 2>/dev/null || true
  stop_daemon
  fail "dockerd did not answer 'docker info' within 30 s (its log is above)"
  ;;
stop)
  stop_daemon
  rm -rf "$state"
  ;;
*)
  fail "usage: $0 start|stop STATE"
  ;;
esac
