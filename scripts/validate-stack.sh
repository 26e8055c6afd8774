#!/usr/bin/env bash
# Validates deploy/stack.yml as `docker stack deploy` reads it: `docker stack config` checks it
# against the Compose schema for stacks and interpolates every ${...}, with the values of
# deploy/.env.example and placeholders for the required secrets. Needs a docker client of
# 20.10 or later (the command is newer than Debian's older clients); no engine is contacted.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stack="$root/deploy/stack.yml"

if ! docker stack config --help >/dev/null 2>&1; then
  echo "validate-stack: this docker client has no 'docker stack config' (needs 20.10+): $(docker --version)" >&2
  exit 1
fi
# Only the values the file uses; a subshell keeps them out of the caller's environment.
config=$(
  set -a
  # shellcheck source=/dev/null
  . "$root/deploy/.env.example"
  POSTGRES_PASSWORD=placeholder-password
  set +a
  docker stack config --compose-file "$stack"
) || { echo "validate-stack: FAILED" >&2; exit 1; }

status=0
for service in socket-proxy traefik spawner postgres; do
  grep -q "^  $service:$" <<<"$config" || { echo "validate-stack: service $service is missing" >&2; status=1; }
done
grep -q 'RUNTIME: swarm' <<<"$config" || { echo "validate-stack: spawner must run with RUNTIME=swarm" >&2; status=1; }
grep -q 'replicas: 2' <<<"$config" || { echo "validate-stack: spawner must run two replicas" >&2; status=1; }
if [ "$status" = 0 ]; then echo "validate-stack: OK ($(docker --version))"; else echo "validate-stack: FAILED" >&2; fi
exit "$status"
