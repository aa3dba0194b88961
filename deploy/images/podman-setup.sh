#!/usr/bin/env bash
# Containers without Docker, for deploy's ServiceImagesIT (Testcontainers): installs podman and runc
# when missing (root + apt-get), writes a containers.conf with the settings this kind of machine needs
# (runtime runc, explicit ulimits, host network: podman's default bridge network is never used), and
# starts podman's Docker-compatible API on a unix socket. Idempotent: an already answering socket is kept.
#
#   deploy/images/podman-setup.sh            # then, in the same shell:
#   eval "$(deploy/images/podman-setup.sh --env)"
#
# Variables: TAGLINE_PODMAN_DIR (default /tmp/tagline-podman: socket, config, log, pid).
# Prints the environment ServiceImagesIT reads (DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED, CONTAINERS_CONF).
set -euo pipefail
dir="${TAGLINE_PODMAN_DIR:-/tmp/tagline-podman}"
sock="$dir/podman.sock"
conf="$dir/containers.conf"

print_env() {
  echo "export DOCKER_HOST=unix://$sock"
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
  echo "export CONTAINERS_CONF=$conf"
}
if [ "${1:-}" = "--env" ]; then print_env; exit 0; fi

need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || [ -x /usr/sbin/runc ] || need+=(runc)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "podman-setup: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "podman-setup: missing ${need[*]}: run 'sudo apt-get install -y podman runc' (Debian/Ubuntu)" >&2
    exit 1
  fi
fi

mkdir -p "$dir"
cat > "$conf" <<'EOF'
# Written by deploy/images/podman-setup.sh. crun fails on this kind of machine; so does the default
# bridge network (and it must not be used: 127.0.0.1 only). Ulimits are explicit because the defaults fail.
[containers]
netns = "host"
default_ulimits = ["nofile=1024:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
EOF

answers() {
  command -v curl >/dev/null || { [ -S "$sock" ]; return; }
  curl -fsS --max-time 2 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1
}

# A service left running by an earlier run whose working directory is gone (a deleted checkout) answers,
# but conmon, its child, then fails every container start ("Failed to get working directory"): restart it.
stale_cwd() {
  local pid
  pid="$(cat "$dir/service.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ -e "/proc/$pid" ] && [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" == *" (deleted)" ]]
}
if [ -S "$sock" ] && answers && stale_cwd; then
  echo "podman-setup: the running API's working directory is gone: restarting it" >&2
  kill "$(cat "$dir/service.pid")" 2>/dev/null || true
  sleep 1
fi

if [ -S "$sock" ] && answers; then
  echo "podman-setup: API already answering on $sock" >&2
else
  rm -f "$sock"
  # started from its own directory, which outlives any checkout
  (cd "$dir" && CONTAINERS_CONF="$conf" exec nohup podman system service --time=0 "unix://$sock" > "$dir/service.log" 2>&1) &
  echo $! > "$dir/service.pid"
  for _ in $(seq 1 50); do
    if [ -S "$sock" ] && answers; then break; fi
    sleep 0.2
  done
  if ! { [ -S "$sock" ] && answers; }; then
    echo "podman-setup: the API did not answer on $sock within 10 s; log: $dir/service.log" >&2
    tail -20 "$dir/service.log" >&2 || true
    exit 1
  fi
  echo "podman-setup: API on $sock (pid $(cat "$dir/service.pid"), log $dir/service.log)" >&2
fi
print_env
