#!/usr/bin/env bash
# `npm test`: lint, type check, then every test against the real parts. Starts what is missing
# (a Docker engine, PostgreSQL; installs Debian packages when run as root) and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/docker-engine.sh
. scripts/lib/postgres.sh

cleanup() {
  stop_postgres
  stop_docker_engine
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

# Installs a Debian package when its program is missing (as root), else says what to install.
ensure_program() {
  local program=$1 package=$2
  [ -x "$program" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "$package: installing from Debian"
    apt_install "$package"
  else
    echo "$package: $program is missing (apt-get install $package)" >&2
    exit 1
  fi
}

step "lint, type check, unused code, import cycles, compose and stack files"
# Every check runs, so one run shows all that is wrong; the step fails when any did.
failed=()
check() {
  printf -- '-- %s\n' "$*"
  "$@" || failed+=("$*")
}
check npx eslint .
check npm run typecheck
check npm run lint:unused
check npm run lint:cycles
check bash scripts/validate-compose.sh
check bash scripts/validate-stack.sh
if [ ${#failed[@]} -gt 0 ]; then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi

step "services"
ensure_docker_engine
ensure_postgres
ensure_program /usr/bin/chromium chromium
# The replica tests put nginx in front of two spawners.
ensure_program /usr/sbin/nginx nginx

step "images"
bash scripts/build-test-image.sh
bash scripts/build-images.sh

step "server tests (unit, integration on SQLite and PostgreSQL, then two replicas behind nginx)"
(cd server && npx vitest run)

step "container suites on a one-node Docker Swarm (RUNTIME=swarm), and spawner's own image"
bash scripts/test-swarm.sh

step "server tests on Node 24 (unit, integration-sqlite)"
bash scripts/test-node24.sh

step "web tests"
npm test -w web
npm run e2e -w web
