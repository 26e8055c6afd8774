#!/usr/bin/env bash
# Builds the image the integration tests run as users' containers: a small Node echo app,
# packed FROM scratch from this machine's node (no registry is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/node-rootfs.sh

image=${TEST_IMAGE:-spawner-test-echo:latest}
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT

node_rootfs "$ctx/root"
mkdir -p "$ctx/root/app/node_modules"
cp server/test/fixtures/echo/server.mjs "$ctx/root/app/"
cp -r node_modules/ws "$ctx/root/app/node_modules/"
mkdir -p "$ctx/data"
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY root /
COPY --chown=10001:10001 data/ /data/
USER 10001:10001
WORKDIR /app
EXPOSE 8080
CMD ["/usr/bin/node", "/app/server.mjs"]
DOCKERFILE
docker build -q -t "$image" "$ctx" >/dev/null
echo "built $image"
