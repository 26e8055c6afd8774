import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/database.js';
import { eventually } from '../src/testing/eventually.js';
import { testDatabase } from './helpers/database.js';
import { containersOf, ECHO_IMAGE, removeContainersOf } from './helpers/docker.js';
import { parsePrometheusText, valueOf, type MetricFamily } from './helpers/prometheusText.js';
import { MailCatcher, tokenFromMail } from './helpers/smtp.js';
import { startTestApp, type TestApp } from './helpers/testApp.js';

const TOKEN = randomBytes(24).toString('hex');
const NO_ENGINE = 'unix:///nonexistent/spawner-engine.sock';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function scrape(url: string, token = TOKEN): Promise<Map<string, MetricFamily>> {
  const res = await fetch(url, { headers: bearer(token) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

describe('health and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('/healthz says the process is up', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/metrics is not served when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${t.url}/metrics`, { headers: bearer(TOKEN) })).status).toBe(404);
  });

  it('/readyz is ready with the engine connected, and 503 once the store is gone', async () => {
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'ok', engine: 'connected' });

    await t.app.db.destroy();
    const down = await fetch(`${t.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'not_ready',
      store: 'unavailable',
      engine: 'connected',
    });
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

describe('during an engine outage (no engine at DOCKER_HOST)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DOCKER_HOST: NO_ENGINE, METRICS_PORT: '0' });
  });
  afterAll(() => t.close());

  it('is ready, says the engine is unavailable, and sign-in still works', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', store: 'ok', engine: 'unavailable' });
    const person = await t.signIn();
    expect((await person.fetch('/api/auth/me')).status).toBe(200);
  });

  it('counts the engine’s failures (metrics on their own port, no token set)', async () => {
    const url = `http://127.0.0.1:${t.app.metricsListener!.port}/metrics`;
    const before = valueOf(
      await scrape(url),
      'spawner_engine_errors_total',
      'spawner_engine_errors_total',
    )!;
    expect(before).toBeGreaterThan(0);
    const person = await t.signIn();
    const launch = await person.fetch('/api/container/launch/dev', { method: 'POST' });
    expect(await launch.json()).toMatchObject({ error: 'engine_unavailable' });
    const after = valueOf(
      await scrape(url),
      'spawner_engine_errors_total',
      'spawner_engine_errors_total',
    )!;
    expect(after).toBeGreaterThan(before);
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  let t: TestApp;
  let metricsUrl: string;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
    metricsUrl = `${t.url}/metrics`;
  });
  afterAll(() => t.close());

  it('wants the bearer token', async () => {
    const none = await fetch(metricsUrl);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ error: 'unauthenticated' });
    expect((await fetch(metricsUrl, { headers: bearer(`${TOKEN}x`) })).status).toBe(401);
    expect((await fetch(metricsUrl, { headers: { authorization: TOKEN } })).status).toBe(401);
    // A session is not the metrics token.
    const person = await t.signIn();
    expect((await fetch(metricsUrl, { headers: bearer(person.token) })).status).toBe(401);
  });

  it('counts sign-ins, launches, running containers and proxied requests', async () => {
    const value = (m: Map<string, MetricFamily>, family: string, sample: string, labels = {}) =>
      valueOf(m, family, sample, labels) ?? 0;
    const before = await scrape(metricsUrl);
    const person = await t.signIn();
    const afterSignIn = await scrape(metricsUrl);
    expect(value(afterSignIn, 'spawner_sign_ins_total', 'spawner_sign_ins_total')).toBe(
      value(before, 'spawner_sign_ins_total', 'spawner_sign_ins_total') + 1,
    );

    expect((await person.fetch('/api/container/launch/dev', { method: 'POST' })).status).toBe(200);
    const launched = await scrape(metricsUrl);
    const launches = { template: 'dev', outcome: 'ok' };
    expect(
      value(
        launched,
        'spawner_launch_duration_seconds',
        'spawner_launch_duration_seconds_count',
        launches,
      ),
    ).toBe(1);
    expect(
      value(launched, 'spawner_launch_duration_seconds', 'spawner_launch_duration_seconds_bucket', {
        ...launches,
        le: '+Inf',
      }),
    ).toBe(1);
    // Its turn in the launch queue was timed (given at once: no one else was launching).
    expect(
      value(
        launched,
        'spawner_launch_queue_wait_seconds',
        'spawner_launch_queue_wait_seconds_count',
      ),
    ).toBe(1);
    // The engine is shared with other test files: at least this one runs.
    expect(
      value(launched, 'spawner_running_containers', 'spawner_running_containers', {
        template: 'dev',
      }),
    ).toBeGreaterThanOrEqual(1);

    const requests = (m: Map<string, MetricFamily>, statusClass: string) =>
      value(m, 'spawner_proxy_requests_total', 'spawner_proxy_requests_total', {
        status_class: statusClass,
      });
    const app = `/${person.user.slug}-dev/hello`;
    expect((await person.fetch(app)).status).toBe(200);
    expect(
      (await fetch(`${t.url}${app}`, { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
    // Counted as each response ends, which the client may see a moment before the server does.
    await eventually(async () => {
      const m = await scrape(metricsUrl);
      return (
        requests(m, '2xx') === requests(launched, '2xx') + 1 &&
        requests(m, '4xx') === requests(launched, '4xx') + 1
      );
    });
    const proxied = await scrape(metricsUrl);
    expect(
      value(
        proxied,
        'spawner_proxy_request_duration_seconds',
        'spawner_proxy_request_duration_seconds_count',
        {
          status_class: '2xx',
        },
      ),
    ).toBe(requests(proxied, '2xx'));
  });

  it('has the queue instruments and the process defaults', async () => {
    const m = await scrape(metricsUrl);
    expect(m.get('spawner_launch_queue_length')?.type).toBe('gauge');
    expect(m.get('spawner_launch_queue_wait_seconds')?.type).toBe('histogram');
    expect(m.get('spawner_engine_errors_total')?.type).toBe('counter');
    expect(
      valueOf(m, 'spawner_process_resident_memory_bytes', 'spawner_process_resident_memory_bytes'),
    ).toBeGreaterThan(0);
    expect(m.get('spawner_process_cpu_seconds_total')?.type).toBe('counter');
  });
});

describe('/metrics on METRICS_PORT', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('is served on its own listener only, with the token', async () => {
    expect((await fetch(`${t.url}/metrics`, { headers: bearer(TOKEN) })).status).toBe(404);
    const own = `http://127.0.0.1:${t.app.metricsListener!.port}`;
    expect((await fetch(`${own}/metrics`)).status).toBe(401);
    expect((await fetch(`${own}/healthz`, { headers: bearer(TOKEN) })).status).toBe(404);
    const m = await scrape(`${own}/metrics`);
    expect(m.get('spawner_launch_duration_seconds')?.type).toBe('histogram');
  });
});

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('graceful shutdown of the real process', () => {
  const tag = `t${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'spawner-shutdown-'));
  const mail = new MailCatcher();
  let child: ChildProcess | undefined;
  let output = '';
  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await removeContainersOf(tag);
    await mail.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on SIGTERM lets the launch in flight answer, writes last use, and exits 0', async () => {
    const database = await testDatabase(dir, tag);
    const templatesFile = join(dir, 'templates.json');
    // An app that takes seconds before it answers: the launch is still waiting when SIGTERM comes.
    writeFileSync(
      templatesFile,
      JSON.stringify([
        {
          key: 'slow',
          image: ECHO_IMAGE,
          display_name: 'Slow',
          description: 'Answers after a few seconds.',
          env: { START_DELAY_MS: '4000' },
        },
      ]),
    );
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        SMTP_URL: await mail.start(),
        TEMPLATES_FILE: templatesFile,
        LOG_LEVEL: 'info',
        // Ample on a loaded machine: the test is about waiting, not about the limit.
        SHUTDOWN_TIMEOUT_SECONDS: '120',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));

    await eventually(async () => {
      if (proc.exitCode !== null) throw new Error(`spawner exited early:\n${output}`);
      return (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200;
    }, 60_000);

    const email = `${tag}-shutdown@example.com`;
    await fetch(`${url}/api/auth/magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const verify = await fetch(`${url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokenFromMail(await mail.waitFor(email)) }),
    });
    const { token, user } = (await verify.json()) as { token: string; user: { id: number } };

    const launch = fetch(`${url}/api/container/launch/slow`, {
      method: 'POST',
      headers: bearer(token),
    });
    // The container exists: the launch is under way, waiting for the app to answer.
    await eventually(async () => (await containersOf(tag)).length === 1, 30_000);
    proc.kill('SIGTERM');

    const answer = await launch;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'running' });
    expect(await exited, output).toBe(0);

    const steps = [
      'shutdown: no longer accepting connections',
      'shutdown: waiting for launches in flight',
      'shutdown: stopping jobs',
      'shutdown: writing last use',
      'shutdown: closing the store',
      'shutdown: done',
    ].map((step) => output.indexOf(step));
    expect(
      steps.every((at) => at >= 0),
      output,
    ).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);

    const db = connectDatabase(loadConfig({ DATABASE_URL: database.url }).database);
    try {
      const row = await db
        .selectFrom('user_containers')
        .select(['last_used', 'container_id'])
        .where('user_id', '=', user.id)
        .where('container_type', '=', 'slow')
        .executeTakeFirstOrThrow();
      expect(row.container_id).toBeTruthy();
      expect(row.last_used).toBeTruthy();
    } finally {
      await db.destroy();
      await database.drop();
    }
  }, 240_000);
});
