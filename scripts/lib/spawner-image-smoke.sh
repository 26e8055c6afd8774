# spawner's own image (scripts/build-spawner-image.sh) on a swarm: runs it with RUNTIME=swarm as
# a plain container on the apps' overlay networks, its port published on loopback (Swarm's
# ingress would publish it on every interface), signs in through the logged magic link,
# launches the dev template (the echo image) and reaches the app through spawner's proxy.
# Removes all it made. Usage: spawner_image_smoke <image> <echo image>
spawner_image_smoke() {
  local image=$1 echo_image=$2 name=spawner-smoke-$$ port=$((20000 + RANDOM % 10000))
  local socket=${DOCKER_HOST#unix://}
  local url=http://127.0.0.1:$port token bearer answer status=0
  docker create --name "$name" --network spawner-apps -p "127.0.0.1:$port:8080" \
    --volume "$socket:$socket" --env "DOCKER_HOST=$DOCKER_HOST" --env RUNTIME=swarm \
    --env DATABASE_URL=/tmp/spawner.db --env "PUBLIC_URL=$url" --tmpfs /tmp \
    --env "USER_TEMPLATE_IMAGE_DEV=$echo_image" --env "USER_TEMPLATE_IMAGE_PROD=$echo_image" \
    "$image" >/dev/null
  docker network connect spawner-apps-internal "$name"
  docker start "$name" >/dev/null
  for _ in $(seq 60); do curl -sf "$url/readyz" >/dev/null && break; sleep 0.5; done
  curl -sf -X POST -H 'content-type: application/json' -d '{"email":"smoke@example.com"}' \
    "$url/api/auth/magic-link" >/dev/null
  sleep 1
  token=$(docker logs "$name" 2>&1 | grep -o 'token=[A-Za-z0-9_-]*' | tail -1 | cut -d= -f2)
  bearer=$(curl -sf -X POST -H 'content-type: application/json' -d "{\"token\":\"$token\"}" \
    "$url/api/auth/verify" | grep -o '"token":"[^"]*"' | cut -d'"' -f4)
  curl -sf -X POST -H "authorization: Bearer $bearer" "$url/api/container/launch/dev" >/dev/null ||
    status=1
  answer=$(curl -sf -H "authorization: Bearer $bearer" "$url/smoke-dev/hello?from=smoke" || true)
  if [ "$status" = 0 ] && grep -q '"url":"/hello?from=smoke"' <<<"$answer"; then
    echo "spawner image: launched a service and proxied to it on the overlay network"
  else
    echo "spawner image: the launch or the proxy failed; its log:" >&2
    docker logs "$name" 2>&1 | tail -n 20 >&2
    docker service ps --no-trunc user-smoke-dev-1 >&2 || true
    docker network inspect spawner-apps --format '{{json .Containers}}' >&2 || true
    status=1
  fi
  docker rm -f "$name" >/dev/null
  for service in $(docker service ls --quiet --filter label=spawner.slug=smoke); do
    docker service rm "$service" >/dev/null
  done
  # The task's container goes a moment after its service; then its volume may go.
  for _ in $(seq 60); do
    docker volume rm user-smoke-dev-1-data >/dev/null 2>&1 && break
    sleep 0.5
  done
  return "$status"
}
