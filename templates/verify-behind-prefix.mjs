#!/usr/bin/env node
/**
 * Checks the two default templates the way a user meets them: behind a
 * proxy that strips /{slug}-{type} and sets X-Forwarded-Prefix, in a real
 * Chromium, each container confined as spawner confines it (read-only root
 * filesystem, no capabilities).
 *
 *   node templates/verify-behind-prefix.mjs
 *
 * Needs: a Docker engine (DOCKER_HOST) with both images built
 * (scripts/build-images.sh), Debian's nginx (/usr/sbin/nginx) as the
 * stripping proxy, Chromium (/usr/bin/chromium or $CHROMIUM), and the
 * repository's npm install (for Playwright). Writes screenshots to
 * .build/screenshots/template-{dev,prod}.png, or to $SCREENSHOT_DIR
 * (SCREENSHOT_DIR=docs/screenshots refreshes those in the docs). Everything
 * it starts is labelled spawner.test=templates and removed at the end.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
// .build/ is git-ignored; SCREENSHOT_DIR=docs/screenshots refreshes the pictures in the docs.
const screenshotDir = path.resolve(
  process.env.SCREENSHOT_DIR ?? path.join(here, '..', '.build', 'screenshots'),
);
const images = {
  dev: process.env.USER_TEMPLATE_IMAGE_DEV ?? 'user-service-template:latest',
  prod: process.env.USER_TEMPLATE_IMAGE_PROD ?? 'user-template-next:latest',
};
const slug = 'alice';
const LABEL = 'spawner.test=templates';
// Confined as spawner confines a template's containers by default (server/src/runtime/docker.ts).
const tmpfs = 'rw,nosuid,nodev,size=64m,mode=1777';
const HARDENED = [
  '--read-only',
  '--tmpfs',
  `/tmp:${tmpfs}`,
  '--tmpfs',
  `/run:${tmpfs}`,
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
  '--memory',
  '1g',
  '--memory-swap',
  '1g',
  '--pids-limit',
  '512',
  '--ulimit',
  'nofile=4096:4096',
];

let chromium;
try {
  ({ chromium } = await import('@playwright/test'));
} catch {
  console.error('Playwright is missing: run npm ci at the repository root first');
  process.exit(2);
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

async function docker(...args) {
  const { stdout } = await run('docker', args);
  return stdout.trim();
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startContainer(type) {
  const id = await docker(
    'run',
    '-d',
    '--label',
    LABEL,
    ...HARDENED,
    '-p',
    '127.0.0.1::8080',
    '-e',
    `BASE_PATH=/${slug}-${type}`,
    '-e',
    'PUBLIC_URL=http://127.0.0.1',
    '-e',
    'USER_ID=1',
    '-e',
    `USER_SLUG=${slug}`,
    '-e',
    `CONTAINER_TYPE=${type}`,
    images[type],
  );
  const port = Number((await docker('port', id, '8080/tcp')).split('\n')[0].split(':').pop());
  return { id, port };
}

/** Debian's nginx as the stripping proxy spawner (or Traefik) would be. */
async function startProxy(dir, listenPort, upstreams) {
  const locations = Object.entries(upstreams)
    .map(
      ([prefix, port]) => `
      location = ${prefix} { return 302 ${prefix}/$is_args$args; }
      location ${prefix}/ {
        proxy_pass http://127.0.0.1:${port}/;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-Prefix ${prefix};
        proxy_buffering off;
      }`,
    )
    .join('\n');
  const conf = `
    worker_processes 1;
    pid ${dir}/nginx.pid;
    error_log ${dir}/error.log warn;
    events { worker_connections 256; }
    http {
      access_log off;
      client_body_temp_path ${dir}/body;
      proxy_temp_path ${dir}/proxy;
      fastcgi_temp_path ${dir}/fastcgi;
      uwsgi_temp_path ${dir}/uwsgi;
      scgi_temp_path ${dir}/scgi;
      server {
        listen 127.0.0.1:${listenPort};
        absolute_redirect off;
        ${locations}
        location / { return 404; }
      }
    }`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const proc = spawn(
    '/usr/sbin/nginx',
    ['-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: 'inherit',
    },
  );
  return proc;
}

async function waitFor(url, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Records every request a page makes, to check status and prefix at the end. */
function recordNetwork(page) {
  const log = [];
  page.on('response', (res) => log.push({ url: res.url(), status: res.status() }));
  page.on('requestfailed', (req) =>
    log.push({ url: req.url(), status: 0, error: req.failure()?.errorText }),
  );
  return log;
}

async function checkNetwork(page, log, origin, prefix) {
  await page.waitForLoadState('networkidle');
  log = [...log];
  // The browser aborts what is still loading when the page navigates away
  // (a favicon, say): not an answer from the server, so ask for it again.
  const aborted = log.filter((e) => e.error === 'net::ERR_ABORTED');
  for (const e of aborted) e.status = (await page.request.get(e.url)).status();
  const bad = log.filter((e) => e.status === 0 || e.status >= 400);
  // The bare prefix is where a user enters; the proxy redirects it to prefix + "/".
  const outside = log.filter((e) => {
    const u = new URL(e.url);
    return u.origin !== origin || (u.pathname !== prefix && !u.pathname.startsWith(`${prefix}/`));
  });
  check(
    log.length > 0 && bad.length === 0,
    `${prefix}: ${log.length} requests (${aborted.length} aborted by navigation, then fetched again), none failed or answered 4xx/5xx ${JSON.stringify(bad)}`,
  );
  check(
    outside.length === 0,
    `${prefix}: no request outside ${prefix}/ ${JSON.stringify(outside.map((e) => e.url))}`,
  );
}

async function verifyDev(browser, origin) {
  const prefix = `/${slug}-dev`;
  const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const log = recordNetwork(page);
  const res = await page.goto(`${origin}${prefix}`);
  check(
    res?.status() === 200 && page.url() === `${origin}${prefix}/`,
    `dev: ${prefix} redirects to ${prefix}/ and loads`,
  );
  check((await page.textContent('#user-slug')) === slug, 'dev: the page names the user');
  check(
    (await page.textContent('#container-type')) === 'dev',
    'dev: the page names the container type',
  );
  check(
    await page.$eval('img', (img) => img.complete && img.naturalWidth > 0),
    'dev: the logo loads',
  );
  await page.screenshot({ path: path.join(screenshotDir, 'template-dev.png') });
  await page.click('text=About this template');
  await page.waitForURL(`${origin}${prefix}/about.html`);
  check(
    (await page.textContent('h1')) === 'About this template',
    'dev: a relative link stays under the prefix',
  );
  await page.click('text=Back to the welcome page');
  await page.waitForURL(`${origin}${prefix}/`);
  const info = await (await page.request.get(`${origin}${prefix}/info.json`)).json();
  check(
    info.user_slug === slug && info.base_path === prefix,
    'dev: info.json tells user and base path',
  );
  const health = await page.request.get(`${origin}${prefix}/healthz`);
  check(health.status() === 200, 'dev: healthz answers 200');
  await checkNetwork(page, log, origin, prefix);
  await page.close();
}

async function verifyProd(browser, origin) {
  const prefix = `/${slug}-prod`;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const log = recordNetwork(page);
  const res = await page.goto(`${origin}${prefix}`);
  check(
    res?.status() === 200 && page.url() === `${origin}${prefix}/`,
    `prod: ${prefix} redirects to ${prefix}/ and loads`,
  );
  check(
    (await page.textContent('[data-testid=greeting]'))?.includes(slug) ?? false,
    'prod: the page greets the user',
  );
  // Hydrated, and the client's own fetch() under the prefix worked.
  await page.waitForSelector('[data-testid=live-status]', { timeout: 10000 });
  check(true, 'prod: the client component fetched api/status/ under the prefix');
  const imagesLoaded = await page.$$eval(
    'img',
    (imgs) => imgs.length >= 2 && imgs.every((i) => i.complete && i.naturalWidth > 0),
  );
  check(imagesLoaded, 'prod: every image loads');
  await page.evaluate(() => document.fonts.ready);
  const fontLoaded = await page.evaluate(() =>
    [...document.fonts].some((f) => f.status === 'loaded'),
  );
  check(fontLoaded, 'prod: the local font loads');
  await page.screenshot({ path: path.join(screenshotDir, 'template-prod.png'), fullPage: true });

  // Client-side navigation: the window survives (no full load) and the URL stays under the prefix.
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await page.click('header >> text=Getting started');
  await page.waitForURL(`${origin}${prefix}/docs/getting-started/`);
  await page.waitForSelector('h1:has-text("Getting started")');
  check(
    await page.evaluate(() => window.__sameDocument === true),
    'prod: next/link navigates client-side under the prefix',
  );
  await page.click('header >> text=About');
  await page.waitForURL(`${origin}${prefix}/about/`);
  await page.waitForSelector('h1:has-text("About this template")');
  check(
    await page.evaluate(() => window.__sameDocument === true),
    'prod: a second client-side navigation works',
  );
  await page.goBack();
  await page.waitForURL(`${origin}${prefix}/docs/getting-started/`);

  // Hard reload of a nested page.
  const reload = await page.reload();
  check(reload?.status() === 200, 'prod: a hard reload of /docs/getting-started/ answers 200');
  check(
    await page.isVisible('h1:has-text("Getting started")'),
    'prod: the reloaded page shows its content',
  );
  check(
    await page.evaluate(() => window.__sameDocument === undefined),
    'prod: the reload was a full load',
  );

  // Without the trailing slash Next.js redirects, and the redirect stays under the prefix.
  await page.goto(`${origin}${prefix}/about`);
  check(
    page.url() === `${origin}${prefix}/about/`,
    'prod: /about redirects to /about/ under the prefix',
  );
  const health = await page.request.get(`${origin}${prefix}/healthz`);
  check(health.status() === 200, 'prod: healthz answers 200');
  await checkNetwork(page, log, origin, prefix);
  await page.close();
}

const work = await mkdtemp(path.join(os.tmpdir(), 'spawner-verify-'));
const containers = [];
let proxy;
let browser;
try {
  await mkdir(screenshotDir, { recursive: true });
  const dev = await startContainer('dev');
  containers.push(dev.id);
  const prod = await startContainer('prod');
  containers.push(prod.id);
  const proxyPort = await freePort();
  proxy = await startProxy(work, proxyPort, {
    [`/${slug}-dev`]: dev.port,
    [`/${slug}-prod`]: prod.port,
  });
  const origin = `http://127.0.0.1:${proxyPort}`;
  await waitFor(`${origin}/${slug}-dev/healthz`);
  await waitFor(`${origin}/${slug}-prod/healthz`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  await verifyDev(browser, origin);
  await verifyProd(browser, origin);
} catch (err) {
  failures.push(String(err));
  console.error(err);
} finally {
  await browser?.close();
  proxy?.kill('SIGQUIT');
  if (containers.length > 0) await docker('rm', '-f', ...containers).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}

console.log(failures.length === 0 ? 'all checks passed' : `${failures.length} check(s) failed`);
process.exit(failures.length === 0 ? 0 : 1);
