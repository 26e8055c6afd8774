# Makes sure a Docker engine answers. If none does and we are root, installs Debian's docker.io
# when missing and starts dockerd in the background with its own data root and socket.
# Sets DOCKER_HOST, and SPAWNER_STARTED_DOCKERD=1 when it started one (stop it with stop_docker_engine).

ENGINE_DIR=${SPAWNER_DOCKERD_DIR:-/tmp/spawner-dockerd}

ensure_docker_engine() {
  # The isolation tests drive deploy/firewall.sh (iptables) and make a network namespace (ip).
  if [ "$(id -u)" = 0 ]; then
    command -v iptables >/dev/null 2>&1 || apt_install iptables
    command -v ip >/dev/null 2>&1 || apt_install iproute2
  fi
  if docker info >/dev/null 2>&1; then
    echo "docker engine: using the one at ${DOCKER_HOST:-the default socket}"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "docker engine: none answers at ${DOCKER_HOST:-the default socket}, and only root can start one" >&2
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "docker engine: installing docker.io from Debian"
    apt_install docker.io
  fi
  mkdir -p "$ENGINE_DIR"
  export DOCKER_HOST="unix://$ENGINE_DIR/docker.sock"
  if docker info >/dev/null 2>&1; then
    echo "docker engine: reusing the one at $DOCKER_HOST"
    return 0
  fi
  echo "docker engine: starting dockerd at $DOCKER_HOST"
  dockerd --data-root "$ENGINE_DIR/data" --exec-root "$ENGINE_DIR/exec" \
    -H "$DOCKER_HOST" --pidfile "$ENGINE_DIR/dockerd.pid" >"$ENGINE_DIR/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      SPAWNER_STARTED_DOCKERD=1
      return 0
    fi
    sleep 0.5
  done
  echo "docker engine: dockerd did not answer within 30 s; its log:" >&2
  tail -n 30 "$ENGINE_DIR/dockerd.log" >&2
  return 1
}

stop_docker_engine() {
  [ "${SPAWNER_STARTED_DOCKERD:-}" = 1 ] || return 0
  local pid
  pid=$(cat "$ENGINE_DIR/dockerd.pid" 2>/dev/null) || return 0
  echo "docker engine: stopping dockerd ($pid)"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}

# apt-get install, with one `apt-get update` per run.
apt_install() {
  if [ -z "${SPAWNER_APT_UPDATED:-}" ]; then
    apt-get update -qq
    SPAWNER_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
