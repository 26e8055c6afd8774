#!/usr/bin/env bash
# Builds spawner's own image without any registry: FROM scratch, from this machine's node and
# the libraries it and the native modules load, plus the built server, web UI and the server's
# production dependencies. deploy/stack.yml runs it (RUNTIME=swarm); the root Dockerfile builds
# the same from public base images, for machines that can pull them.
#
#   scripts/build-spawner-image.sh        (tag: $SPAWNER_IMAGE, default spawner:latest)
#
# Builds the server and the UI first (npm run build). Runs as root in the image: spawner drives
# the engine through its socket.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/node-rootfs.sh
. scripts/lib/native-libs.sh

image=${SPAWNER_IMAGE:-spawner:latest}
root=$(pwd)
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT

echo "build-spawner-image: npm run build"
npm run build --silent >/dev/null

app=$ctx/root/app
node_rootfs "$ctx/root"
mkdir -p "$app/server" "$app/web" "$app/packages/api"
cp package.json "$app/"
cp -r server/package.json server/bin server/dist "$app/server/"
cp -r web/dist "$app/web/"
cp -r packages/api/package.json packages/api/dist "$app/packages/api/"
# The server's production dependencies only, where npm put them (hoisted or not), and the
# workspace link to @spawner/api.
npm ls --omit=dev --all --parseable -w @spawner/server 2>/dev/null |
  sed -n "s|^$root/||p" | grep 'node_modules/' | while read -r dir; do
    mkdir -p "$app/$(dirname "$dir")"
    cp -a "$dir" "$app/$dir"
  done
mkdir -p "$app/node_modules/@spawner"
ln -sfn ../../packages/api "$app/node_modules/@spawner/api"
native_libs "$ctx/root" "$app"

cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY root /
ENV NODE_ENV=production PATH=/usr/bin HOST=0.0.0.0
WORKDIR /app
EXPOSE 8080
CMD ["/usr/bin/node", "--enable-source-maps", "server/dist/main.js"]
DOCKERFILE
DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" >/dev/null
echo "build-spawner-image: built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
