#!/usr/bin/env bash
# Validates deploy/docker-compose.yml with deploy/.env.example.
#
# Uses Debian's docker-compose (v1, 1.29), which checks the file against the
# Compose Specification schema it ships (profiles, networks.*.name and the
# like are in it), interpolates every ${...} and resolves env_file. It is
# installed with apt-get when absent (needs root). Exits non-zero when the
# file is invalid.
#
# Usage: scripts/validate-compose.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deploy="$root/deploy"
compose_file="$deploy/docker-compose.yml"
env_example="$deploy/.env.example"

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "validate-compose: docker-compose is missing and installing it needs root" >&2
    exit 1
  fi
  echo "validate-compose: installing docker-compose with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
echo "validate-compose: $(docker-compose version --short 2>/dev/null || docker-compose --version)"

for f in "$compose_file" "$env_example"; do
  [ -f "$f" ] || { echo "validate-compose: missing $f" >&2; exit 1; }
done

# The spawner service reads deploy/.env (env_file), which Compose requires to
# exist. An operator's own .env is left alone; when there is none, a copy of
# .env.example stands in for this run and is removed afterwards.
cleanup=""
if [ ! -e "$deploy/.env" ]; then
  cp "$env_example" "$deploy/.env"
  cleanup="$deploy/.env"
fi
trap 'if [ -n "$cleanup" ]; then rm -f "$cleanup"; fi' EXIT

status=0
run() {
  echo "validate-compose: docker-compose $*"
  if ! docker-compose -f "$compose_file" --env-file "$env_example" "$@"; then
    status=1
  fi
}
# Default services, then with the build-only template images enabled.
run config -q
run --profile build config -q

# Rules that the schema cannot express.
if grep -v '^[[:space:]]*#' "$compose_file" | grep -qi 'trustForwardHeader'; then
  echo "validate-compose: trustForwardHeader is set; use forwardedHeaders.trustedIPs on the entrypoints" >&2
  status=1
fi
if [ "$status" -eq 0 ]; then
  services="$(docker-compose -f "$compose_file" --env-file "$env_example" --profile build config --services)"
  for s in traefik spawner template-dev template-prod; do
    grep -qx "$s" <<<"$services" || { echo "validate-compose: service $s is missing" >&2; status=1; }
  done
fi

# Build contexts are not checked by `config`; say which are not there yet.
for ctx in . templates/dev templates/prod; do
  [ -f "$root/$ctx/Dockerfile" ] || echo "validate-compose: warning: no $ctx/Dockerfile yet (docker compose build needs it)" >&2
done

if [ "$status" -eq 0 ]; then
  echo "validate-compose: OK"
else
  echo "validate-compose: FAILED" >&2
fi
exit "$status"
