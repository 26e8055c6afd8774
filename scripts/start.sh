#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the UI and server when stale, makes sure a
# Docker engine answers and the template images exist, then runs spawner in the foreground.
# Settings come from the environment (see README); defaults: SQLite in ./data, the local engine.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/docker-engine.sh

[ -d node_modules ] || npm ci --no-audit --no-fund

# stale <output> <inputs...>: true when the output is missing or older than any input file.
stale() {
  local out=$1
  shift
  [ -e "$out" ] || return 0
  [ -n "$(find "$@" -newer "$out" -type f -print -quit 2>/dev/null)" ]
}

if stale web/dist/index.html web/src web/index.html web/vite.config.ts; then
  echo "building the web UI"
  npm run build -w web
fi
if stale server/dist/main.js server/src; then
  echo "building the server"
  npm run build -w server
fi

if ensure_docker_engine; then
  trap stop_docker_engine EXIT
  dev=${USER_TEMPLATE_IMAGE_DEV:-user-service-template:latest}
  prod=${USER_TEMPLATE_IMAGE_PROD:-user-template-next:latest}
  if [ -z "${TEMPLATES_FILE:-}" ] && ! { docker image inspect "$dev" && docker image inspect "$prod"; } >/dev/null 2>&1; then
    echo "template images missing: building them with scripts/build-images.sh (once; takes a minute or two)"
    bash scripts/build-images.sh
  fi
else
  echo "warning: no Docker engine; spawner starts, but launches fail until DOCKER_HOST reaches one" >&2
fi

node --enable-source-maps server/dist/main.js
