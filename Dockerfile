# spawner: one Node.js process serving the dashboard, the API and the proxy.
# Built by deploy/docker-compose.yml (`build: ..`); see docs/routing.md.
# Node 24 (LTS): Node 20 is past its end of life. CI runs the server's suites on Node 20 and 24
# (scripts/test-node24.sh). Needs a registry for the base image, so it is not built in CI here.

FROM node:24-slim AS build
# Compilers for native modules (better-sqlite3) when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The whole tree (less .dockerignore) before `npm ci`, so that every npm
# workspace is present whatever the root package.json lists.
COPY . .
RUN npm ci \
 && npm run build \
 && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
# Runs as root: spawner drives the Docker engine through the mounted socket.
EXPOSE 8080
CMD ["node", "server/dist/main.js"]
