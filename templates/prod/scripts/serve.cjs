#!/usr/bin/env node
'use strict';
/**
 * Starts the assembled Next.js app under the path prefix that the container
 * gets at start (BASE_PATH, e.g. "/alice-prod"; unset or empty: "/").
 *
 * 1. Makes the folder the app runs from, in a writable place (RUN_DIR,
 *    default /tmp/spawner-app), since the image's /app stays read-only: a
 *    copy of .next with BASE_PATH written into the built files in place of
 *    the placeholder the app was built with (see README.md for why), and
 *    links to everything else in /app.
 * 2. Serves Next.js through its custom-server API, putting the prefix back
 *    in front of every request path: the proxy in front of the container
 *    strips it, but a Next.js app with a basePath only answers under it.
 * /healthz answers 200 once Next.js is ready.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

/** The app as built; never written to, so the image runs with a read-only root filesystem. */
const builtDir = __dirname;
const dir = process.env.RUN_DIR || path.join(os.tmpdir(), 'spawner-app');
const port = Number.parseInt(process.env.PORT ?? '', 10) || 8080;
const hostname = '0.0.0.0';

function readBasePath() {
  const value = (process.env.BASE_PATH ?? '').trim().replace(/\/+$/, '');
  if (value !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(value)) {
    console.error(
      `BASE_PATH must be empty or look like /alice-prod, not ${JSON.stringify(process.env.BASE_PATH)}`,
    );
    process.exit(1);
  }
  return value;
}

/**
 * Makes the folder the app runs from: .next copied (a few MB; Next.js also
 * keeps its cache there) with basePath written into every built file that
 * held the placeholder, everything else linked. Made afresh at every start,
 * from the built files, whatever a previous start left.
 */
function prepareRunDir(basePath) {
  const { placeholder, files } = JSON.parse(
    fs.readFileSync(path.join(builtDir, '.spawner', 'base-path.json'), 'utf8'),
  );
  const encodedPlaceholder = new RegExp(encodeURIComponent(placeholder), 'gi');
  const encoded = encodeURIComponent(basePath);
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const entry of fs.readdirSync(builtDir)) {
      const from = path.join(builtDir, entry);
      if (entry === '.next') fs.cpSync(from, path.join(dir, entry), { recursive: true });
      else if (entry !== '.spawner') fs.symlinkSync(from, path.join(dir, entry));
    }
    for (const rel of files) {
      const built = fs.readFileSync(path.join(builtDir, rel), 'latin1');
      const text = built.replace(encodedPlaceholder, encoded).replaceAll(placeholder, basePath);
      fs.writeFileSync(path.join(dir, rel), text, 'latin1');
    }
  } catch (err) {
    console.error(
      `cannot prepare the app's files in ${dir} (${err.code ?? err.message}): it must be writable (a tmpfs at /tmp will do)`,
    );
    process.exit(1);
  }
}

/**
 * The path Next.js must see. Behind spawner or Traefik the prefix was
 * stripped (X-Forwarded-Prefix is set): add it back. Without that header,
 * a path that already carries the prefix (a proxy that does not strip, or a
 * direct request) is left as it is.
 */
function nextUrl(req, basePath) {
  const url = req.url ?? '/';
  if (basePath === '' || !url.startsWith('/')) return url;
  const stripped = req.headers['x-forwarded-prefix'] !== undefined;
  const prefixed =
    url === basePath || url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`);
  return !stripped && prefixed ? url : `${basePath}${url}`;
}

function isHealthCheck(url, basePath) {
  const pathname = url.split('?', 1)[0];
  return pathname === '/healthz' || pathname === `${basePath}/healthz`;
}

async function main() {
  const basePath = readBasePath();
  prepareRunDir(basePath);

  process.env.NODE_ENV = 'production';
  process.chdir(dir);
  const { config } = JSON.parse(
    fs.readFileSync(path.join(dir, '.next', 'required-server-files.json'), 'utf8'),
  );
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  process.env.__NEXT_PRIVATE_ORIGIN = `http://localhost:${port}`;

  const next = require('next');
  const app = next({ dev: false, dir, conf: config, hostname, port });
  const handle = app.getRequestHandler();
  // Listen first, prepare meanwhile: requests wait for the app, not for a socket.
  const ready = app.prepare();

  const server = http.createServer((req, res) => {
    ready
      .then(() => {
        if (isHealthCheck(req.url ?? '/', basePath)) {
          res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
          res.end('ok\n');
          return undefined;
        }
        req.url = nextUrl(req, basePath);
        return handle(req, res);
      })
      .catch((err) => {
        console.error(`failed to handle ${req.method} ${req.url}`, err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error\n');
      });
  });
  // Runs before the upgrade listener that Next.js adds on its first request;
  // until then nobody would answer, so the socket is closed at once.
  server.on('upgrade', (req, socket) => {
    req.url = nextUrl(req, basePath);
    if (server.listenerCount('upgrade') === 1) socket.destroy();
  });
  server.listen(port, hostname, () => {
    console.log(
      `serving on http://${hostname}:${port}${basePath}/ (Next.js ${require('next/package.json').version})`,
    );
  });

  // As PID 1, node has no default handler for SIGTERM: without this, docker
  // stop would wait out its grace period.
  const shutdown = (signal) => {
    console.log(`${signal}: closing`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await ready;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
