#!/usr/bin/env bash
# Measures the default template images: size, and time from `docker start`
# to the first HTTP 200 (median of $RUNS runs, 5 by default).
#
#   bench/templates.sh [dev|prod|all]
#
# Each run creates a container with BASE_PATH set as spawner would, publishes
# port 8080 on an ephemeral 127.0.0.1 port, then times `docker start` until
# curl (every ~10 ms) gets a 200 for the prefix's root. The time includes
# `docker start` itself and looking up the published port; the median of
# the `docker start` call alone is printed too, since the engine's own work
# (namespaces, cgroups, port forwarding) is the same for any image. Containers are
# labelled spawner.test=templates and removed at the end, even on failure.
# Uses DOCKER_HOST, USER_TEMPLATE_IMAGE_DEV and USER_TEMPLATE_IMAGE_PROD.
set -euo pipefail

RUNS=${RUNS:-5}
WHAT=${1:-all}
IMAGE_DEV=${USER_TEMPLATE_IMAGE_DEV:-user-service-template:latest}
IMAGE_PROD=${USER_TEMPLATE_IMAGE_PROD:-user-template-next:latest}
TIMEOUT_MS=30000
# Runs happen in subshells; this label finds what they created, and only that.
RUN_LABEL="spawner.bench=$$-$RANDOM"

cleanup() {
  local ids
  ids=$(docker ps -aq --filter "label=$RUN_LABEL" 2>/dev/null || true)
  if [ -n "$ids" ]; then docker rm -f $ids >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# One run: prints the milliseconds from `docker start` to the first 200, and
# how many of them the `docker start` call itself took.
time_to_ready() {
  local image=$1 type=$2 id start started port code
  id=$(docker create --label spawner.test=templates --label "$RUN_LABEL" -p 127.0.0.1::8080 \
    -e BASE_PATH="/bench-$type" -e USER_SLUG=bench -e USER_ID=1 -e CONTAINER_TYPE="$type" \
    -e PUBLIC_URL=http://127.0.0.1 "$image")
  start=$(now_ms)
  docker start "$id" >/dev/null
  started=$(now_ms)
  port=$(docker port "$id" 8080/tcp | head -n 1)
  port=${port##*:}
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
      -H "X-Forwarded-Prefix: /bench-$type" "http://127.0.0.1:$port/" || true)
    [ "$code" = 200 ] && break
    if [ $(($(now_ms) - start)) -gt $TIMEOUT_MS ]; then
      echo "no 200 from $image within $TIMEOUT_MS ms (last status $code)" >&2
      docker logs "$id" >&2 || true
      return 1
    fi
    sleep 0.01
  done
  echo "$(($(now_ms) - start)) $((started - start))"
  docker rm -f "$id" >/dev/null
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

bench() {
  local type=$1 image=$2 goal_mb=$3 goal_s=$4 size totals=() starts=() run
  docker image inspect "$image" >/dev/null 2>&1 ||
    { echo "image $image is missing: run scripts/build-images.sh $type" >&2; return 1; }
  size=$(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.1f", $1 / 1e6 }')
  for _ in $(seq "$RUNS"); do
    run=$(time_to_ready "$image" "$type")
    totals+=("${run% *}")
    starts+=("${run#* }")
  done
  printf '%-5s %-30s %6s MB (goal < %3s MB)  ready %5s ms (goal < %s s), of which docker start %4s ms  [runs: %s]\n' \
    "$type" "$image" "$size" "$goal_mb" "$(printf '%s\n' "${totals[@]}" | median)" "$goal_s" \
    "$(printf '%s\n' "${starts[@]}" | median)" "${totals[*]}"
}

docker version -f '{{.Server.Version}}' >/dev/null 2>&1 ||
  { echo "no Docker engine answers at ${DOCKER_HOST:-the default socket}" >&2; exit 1; }

case $WHAT in
  dev) bench dev "$IMAGE_DEV" 30 1 ;;
  prod) bench prod "$IMAGE_PROD" 150 3 ;;
  all)
    bench dev "$IMAGE_DEV" 30 1
    bench prod "$IMAGE_PROD" 150 3
    ;;
  *)
    echo "usage: bench/templates.sh [dev|prod|all]" >&2
    exit 2
    ;;
esac
