#!/usr/bin/env bash
# `npm run test:unit`: the server's unit suite (on the in-memory runtime) and the web's tests,
# side by side. No Docker, no database server. Fails when either fails.
set -uo pipefail
cd "$(dirname "$0")/.."
(cd server && npx vitest run --project unit) &
server=$!
npm test -w web
web=$?
wait "$server"
server=$?
[ "$server" = 0 ] && [ "$web" = 0 ]
