#!/usr/bin/env bash
# The runtime contract and the container suites on the Swarm runtime (RUNTIME=swarm), on a
# one-node swarm of the engine at DOCKER_HOST.
#
# Apps on Swarm answer only on the swarm's overlay networks, so the tests run inside a container
# attached to them: node and its libraries FROM scratch (no registry), the repository
# bind-mounted at the same path, the engine's socket mounted. Then spawner's own image runs a
# launch and a proxied request (lib/spawner-image-smoke.sh). The swarm is made when the engine
# is in none and left at the end; an engine already in a swarm is used as it is and kept so.
#
# Usage: scripts/test-swarm.sh [vitest arguments, e.g. a file filter; then no image smoke]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/docker-engine.sh
. scripts/lib/node-rootfs.sh
. scripts/lib/native-libs.sh
. scripts/lib/spawner-image-smoke.sh

root=$(pwd)
runner_image=spawner-swarm-runner:latest
runner=spawner-swarm-tests-$$
networks=(spawner-apps spawner-apps-internal)
socket=${DOCKER_HOST#unix://}
[ "$socket" != "${DOCKER_HOST:-}" ] && [ -S "$socket" ] ||
  { echo "test-swarm: DOCKER_HOST must name the engine's unix socket" >&2; exit 1; }

made_swarm=0
cleanup() {
  # Docker 20.10's swarm manager has crashed the whole engine under these tests (a panic in
  # swarmkit): the later steps of `npm test` need it back, out of the swarm.
  if ! docker info >/dev/null 2>&1; then
    echo "test-swarm: the engine stopped answering (its log: ${ENGINE_DIR:-?}/dockerd.log); starting it again" >&2
    ensure_docker_engine || true
  fi
  docker rm -f "$runner" >/dev/null 2>&1 || true
  if [ "$made_swarm" = 1 ]; then
    echo "test-swarm: leaving the swarm"
    docker swarm leave --force >/dev/null
  fi
}
trap cleanup EXIT

if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
  echo "test-swarm: docker swarm init"
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  made_swarm=1
fi

# spawner's overlay networks, as SwarmRuntime makes them; the runner joins both.
for network in "${networks[@]}"; do
  docker network inspect "$network" >/dev/null 2>&1 && continue
  internal=()
  [ "$network" = spawner-apps-internal ] && internal=(--internal)
  docker network create --driver overlay --attachable "${internal[@]}" \
    --label spawner.managed=true "$network" >/dev/null
done

docker image inspect spawner-test-echo:latest >/dev/null 2>&1 || bash scripts/build-test-image.sh

ctx=$(mktemp -d)
node_rootfs "$ctx/root"
native_libs "$ctx/root" node_modules
printf 'FROM scratch\nCOPY root /\nENV PATH=/usr/bin\n' >"$ctx/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q -t "$runner_image" "$ctx" >/dev/null
rm -rf "$ctx"

log_level=()
[ -n "${TEST_LOG_LEVEL:-}" ] && log_level=(--env "TEST_LOG_LEVEL=$TEST_LOG_LEVEL")
docker create --name "$runner" --network "${networks[0]}" \
  --volume "$root:$root" --volume "$socket:$socket" --tmpfs /tmp:exec \
  --env "DOCKER_HOST=$DOCKER_HOST" --env RUNTIME=swarm --env CI=1 "${log_level[@]}" \
  --workdir "$root/server" "$runner_image" \
  /usr/bin/node "$root/node_modules/vitest/vitest.mjs" run --config test/swarm/vitest.config.ts "$@" \
  >/dev/null
for network in "${networks[@]:1}"; do docker network connect "$network" "$runner"; done
status=0
docker start --attach "$runner" || status=$?

# spawner's own image, as deploy/stack.yml runs it (not with a file filter: a focused run).
if [ $# -eq 0 ]; then
  bash scripts/build-spawner-image.sh
  spawner_image_smoke spawner:latest spawner-test-echo:latest || status=1
fi

# Nothing the tests made may outlive them: the apps of their users (slugs t<hex>, rc<hex>,
# swarmspec, smoke). Others' services on a shared engine are none of this script's business.
left=$(docker service ls --filter label=spawner.managed=true --format '{{.Name}}' |
  grep -E '^user-(t[0-9a-f]{6}|rc[0-9a-f]{6}|swarmspec|smoke)-' || true)
if [ -n "$left" ]; then
  echo "test-swarm: services left behind:" $left >&2
  docker service rm $left >/dev/null
  status=1
fi
exit "$status"
