#!/usr/bin/env bash
# Builds the images of the two default templates without any registry:
# FROM scratch, from this machine's own binaries (Debian's nginx and busybox,
# the installed node) and the files in templates/.
#
#   scripts/build-images.sh [dev|prod|all]     (default: all, or $TEMPLATES)
#
# Environment:
#   DOCKER_HOST                 the engine to build on (docker's default otherwise)
#   USER_TEMPLATE_IMAGE_DEV     tag of the dev image  (user-service-template:latest)
#   USER_TEMPLATE_IMAGE_PROD    tag of the prod image (user-template-next:latest)
#   TEMPLATES                   what to build when no argument is given
#   BUILD_DIR                   where build contexts go (.build/images)
#   NODE_BIN                    the node binary put in the prod image (/usr/bin/node)
#
# templates/*/Dockerfile build the same images from public base images, for
# machines that can pull them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/.build/images}
IMAGE_DEV=${USER_TEMPLATE_IMAGE_DEV:-user-service-template:latest}
IMAGE_PROD=${USER_TEMPLATE_IMAGE_PROD:-user-template-next:latest}
WHAT=${1:-${TEMPLATES:-all}}

# The legacy builder: no buildx here, and it needs nothing from a registry.
export DOCKER_BUILDKIT=0
export NEXT_TELEMETRY_DISABLED=1

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'build-images: %s\n' "$*" >&2
  exit 1
}

case $WHAT in
  dev | prod | all) ;;
  -h | --help)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 0
    ;;
  *) die "unknown template '$WHAT' (expected dev, prod or all)" ;;
esac

apt_updated=0
# Installs the Debian packages that are missing, when we may; otherwise stops.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or apt-get install them)"
  if [ $apt_updated -eq 0 ]; then
    log "apt-get update"
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Copies a binary to DEST in the image root, with every shared library that
# ldd lists for it at the same paths as here.
copy_with_libs() {
  local root=$1 bin=$2 dest=${3:-$2} lib
  install -D -m 0755 "$(readlink -f "$bin")" "$root$dest"
  # "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and the bare
  # "/lib64/ld-linux-x86-64.so.2 (0x...)" of the loader.
  for lib in $(ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    [ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
  done
}

# A minimal /etc for a non-root user: name:uid (group of the same id).
write_etc() {
  local root=$1 name=$2 id=$3
  mkdir -p "$root/etc"
  printf 'root:x:0:0:root:/root:/sbin/nologin\n%s:x:%s:%s:%s:/nonexistent:/sbin/nologin\n' \
    "$name" "$id" "$id" "$name" >"$root/etc/passwd"
  printf 'root:x:0:\n%s:x:%s:\n' "$name" "$id" >"$root/etc/group"
  install -d -m 1777 "$root/tmp"
}

# docker build -q in a context folder; prints the size of the result. The
# legacy builder's deprecation notice is shown only when the build fails.
# The image the tag named before is removed when nothing else uses it, so
# rebuilds leave no untagged images behind.
build_image() {
  local context=$1 tag=$2 id old errors=$BUILD_DIR/docker-build.err
  old=$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
  log "docker build -q -t $tag $context"
  if ! id=$(docker build -q -t "$tag" "$context" 2>"$errors"); then
    cat "$errors" >&2
    die "docker build of $tag failed"
  fi
  if [ -n "$old" ] && [ "$old" != "$id" ]; then
    docker rmi "$old" >/dev/null 2>&1 || log "kept the previous $tag image ${old#sha256:}: still in use"
  fi
  log "built $tag (${id#sha256:}): $(docker image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%.1f MB", $1 / 1e6 }')"
}

build_dev() {
  local ctx=$BUILD_DIR/dev src=$ROOT/templates/dev applet
  ensure_packages nginx busybox-static
  log "dev: assembling $ctx"
  rm -rf "$ctx"
  mkdir -p "$ctx/root"
  copy_with_libs "$ctx/root" /usr/sbin/nginx
  install -D -m 0755 /bin/busybox "$ctx/root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$ctx/root/bin/$applet" ] || ln -s busybox "$ctx/root/bin/$applet"
  done
  write_etc "$ctx/root" nginx 101
  install -D -m 0644 "$src/nginx.conf" "$ctx/root/etc/nginx/nginx.conf"
  install -D -m 0755 "$src/entrypoint.sh" "$ctx/root/usr/local/bin/spawner-entrypoint"
  mkdir -p "$ctx/root/srv"
  cp -R "$src/www" "$ctx/root/srv/www"
  chmod -R a+rX "$ctx/root/srv/www"
  # The data folder: a new volume mounted there takes its owner, the app's user.
  mkdir -p "$ctx/data"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY root/ /
COPY --chown=101:101 data/ /data/
ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/bin
USER 101:101
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/spawner-entrypoint"]
EOF
  build_image "$ctx" "$IMAGE_DEV"
}

# True when the standalone build is missing or older than any source file.
prod_build_stale() {
  local app=$1 stamp=$1/.next/standalone/server.js
  [ -e "$stamp" ] || return 0
  [ -n "$(find "$app/app" "$app/components" "$app/lib" "$app/public" \
    "$app/next.config.mjs" "$app/postcss.config.mjs" "$app/tsconfig.json" \
    "$app/package.json" "$app/package-lock.json" -newer "$stamp" -print -quit)" ]
}

build_prod() {
  local ctx=$BUILD_DIR/prod app=$ROOT/templates/prod node_bin=${NODE_BIN:-/usr/bin/node}
  [ -x "$node_bin" ] || die "$node_bin is missing: install Node.js, or set NODE_BIN"
  if [ ! -d "$app/node_modules" ] || [ "$app/package-lock.json" -nt "$app/node_modules/.package-lock.json" ]; then
    log "prod: npm ci in $app"
    (cd "$app" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  else
    log "prod: node_modules up to date"
  fi
  if prod_build_stale "$app"; then
    log "prod: next build"
    (cd "$app" && npx --no-install next build) || die "next build failed"
  else
    log "prod: .next/standalone is newer than the sources, not rebuilding"
  fi
  log "prod: assembling $ctx"
  rm -rf "$ctx"
  mkdir -p "$ctx/root"
  copy_with_libs "$ctx/root" "$node_bin" /usr/bin/node
  write_etc "$ctx/root" node 1000
  node "$app/scripts/assemble.cjs" "$ctx/app" >&2
  mkdir -p "$ctx/data"
  cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY root/ /
COPY app/ /app/
COPY --chown=1000:1000 data/ /data/
ENV PATH=/usr/bin:/bin NODE_ENV=production PORT=8080 NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["/usr/bin/node", "/app/serve.cjs"]
EOF
  build_image "$ctx" "$IMAGE_PROD"
}

command -v docker >/dev/null || die "the docker client is not installed"
docker version -f '{{.Server.Version}}' >/dev/null 2>&1 ||
  die "no Docker engine answers at ${DOCKER_HOST:-the default socket}"

start=$(date +%s)
case $WHAT in
  dev) build_dev ;;
  prod) build_prod ;;
  all)
    build_dev
    build_prod
    ;;
esac
log "done in $(($(date +%s) - start)) s"
