import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminContainersResponse, AdminUsersResponse } from '@spawner/api';
import type { CheckResult } from '../src/cli/check.js';
import { eventually } from '../src/testing/eventually.js';
import { testDatabase } from './helpers/database.js';
import { containersOf, ECHO_IMAGE } from './helpers/docker.js';
import { MailCatcher } from './helpers/smtp.js';
import { startTestApp, type TestApp } from './helpers/testApp.js';

/** Each command is a fresh Node process that loads the server: seconds each on a busy machine. */
const SLOW = { timeout: 180_000 };

/**
 * The operator CLI as operators run it: the real `spawner` bin in a child process, its settings
 * in the environment, against the real engine and a real store.
 */
const bin = fileURLToPath(new URL('../bin/spawner.js', import.meta.url));
const postgres = process.env.TEST_DATABASE === 'postgres';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let work: string;
let mail: MailCatcher;
let smtpUrl: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'spawner-cli-'));
  mail = new MailCatcher();
  smtpUrl = await mail.start();
});

afterAll(async () => {
  await mail.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs `spawner <args>` in the work folder with only the given settings (and the engine's). */
function spawner(args: string[], settings: Record<string, string | undefined>): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    DOCKER_HOST: process.env.DOCKER_HOST,
    // A run on another Node (scripts/test-node24.sh) preloads a hook that gives the child the
    // better-sqlite3 addon built for that Node; these carry it over.
    NODE_OPTIONS: process.env.NODE_OPTIONS,
    SPAWNER_SQLITE_FROM: process.env.SPAWNER_SQLITE_FROM,
    SPAWNER_SQLITE_TO: process.env.SPAWNER_SQLITE_TO,
    SPAWNER_SQLITE_ABI: process.env.SPAWNER_SQLITE_ABI,
    USER_TEMPLATE_IMAGE_DEV: ECHO_IMAGE,
    USER_TEMPLATE_IMAGE_PROD: ECHO_IMAGE,
    ...settings,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: work, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

/** A store of its own for one test: a SQLite file in the work folder, or a fresh database. */
async function freshStore(): Promise<{ url: string; drop(): Promise<void> }> {
  const tag = `cli${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(join(work, 'store-'));
  return testDatabase(dir, tag);
}

async function doctor(settings: Record<string, string | undefined>, args: string[] = []) {
  const run = await spawner(['doctor', '--json', ...args], settings);
  const results = JSON.parse(run.stdout) as CheckResult[];
  const check = (name: string) => {
    const found = results.find((r) => r.name === name);
    if (!found) throw new Error(`no check ${name} in ${run.stdout}`);
    return found;
  };
  return { run, results, check };
}

describe('spawner doctor', SLOW, () => {
  it('passes on a good set-up: engine, images, migrated store, mail', async () => {
    const store = await freshStore();
    try {
      const settings = { DATABASE_URL: store.url, SMTP_URL: smtpUrl };
      expect((await spawner(['migrate'], settings)).code).toBe(0);
      const { run, results, check } = await doctor(settings);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(results.filter((r) => r.status === 'fail')).toEqual([]);
      expect(check('engine').detail).toMatch(/^Docker \S+ \(API [\d.]+\)/);
      expect(check('image dev')).toMatchObject({ status: 'ok' });
      expect(check('image prod').detail).toContain(ECHO_IMAGE);
      expect(check('store')).toMatchObject({ status: 'ok' });
      expect(check('store').detail).toContain('is migrated');
      expect(check('mail')).toMatchObject({ status: 'ok' });
      expect(check('public URL')).toMatchObject({ status: 'ok' });
      expect(check('sign-up')).toMatchObject({ status: 'ok' });

      const table = await spawner(['doctor'], settings);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^ok {4}engine {6}Docker /m);
      expect(table.stdout).toContain('No problems');
    } finally {
      await store.drop();
    }
  });

  it('sends a test mail with --send-test', async () => {
    const to = `cli-${randomBytes(3).toString('hex')}@example.com`;
    const { run, check } = await doctor({ SMTP_URL: smtpUrl }, ['--send-test', to]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(check('mail').detail).toContain(`test mail to ${to}`);
    expect((await mail.waitFor(to)).raw).toContain('Subject: spawner: test mail');
  });

  it('names a missing engine and exits non-zero', async () => {
    const { run, check } = await doctor({ DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(run.code).toBe(1);
    expect(check('engine')).toMatchObject({ status: 'fail' });
    expect(check('engine').detail).toContain('unix:///nonexistent.sock');
    expect(check('engine').fix).toContain('DOCKER_HOST');

    const table = await spawner(['doctor'], { DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^FAIL {2}engine .*nonexistent\.sock/m);
    expect(table.stdout).toMatch(/problem\(s\) to fix/);
  });

  it('names a template whose image is not on the engine and exits non-zero', async () => {
    const missing = `spawner-test-missing-${randomBytes(3).toString('hex')}:latest`;
    const templates = join(work, 'templates.json');
    writeFileSync(
      templates,
      JSON.stringify([
        { key: 'echo', image: ECHO_IMAGE, display_name: 'Echo', description: 'Test' },
        { key: 'ghost', image: missing, display_name: 'Ghost', description: 'Not built' },
      ]),
    );
    const { run, check } = await doctor({ TEMPLATES_FILE: templates });
    expect(run.code).toBe(1);
    expect(check('engine')).toMatchObject({ status: 'ok' });
    expect(check('image echo')).toMatchObject({ status: 'ok' });
    expect(check('image ghost')).toMatchObject({ status: 'fail' });
    expect(check('image ghost').detail).toContain(missing);
  });

  it('warns about an unmigrated store until `migrate` has run', async () => {
    const store = await freshStore();
    try {
      const before = await doctor({ DATABASE_URL: store.url });
      expect(before.check('store')).toMatchObject({ status: 'warn' });
      expect(before.check('store').fix).toContain('spawner migrate');

      const migrate = await spawner(['migrate'], { DATABASE_URL: store.url });
      expect(migrate.code, migrate.stderr).toBe(0);
      expect(migrate.stdout).toMatch(/^ran {6}001_initial$/m);

      const after = await doctor({ DATABASE_URL: store.url });
      expect(after.check('store')).toMatchObject({ status: 'ok' });
      expect(after.check('store').detail).toContain('is migrated');
      const again = await spawner(['migrate'], { DATABASE_URL: store.url });
      expect(again.stdout).toContain('nothing to run');
    } finally {
      await store.drop();
    }
  });

  it('warns about plain http on a public host and open sign-up there', async () => {
    const { check } = await doctor({ PUBLIC_URL: 'http://spawner.example.com' });
    expect(check('public URL')).toMatchObject({ status: 'warn' });
    expect(check('public URL').fix).toContain('https');
    expect(check('sign-up')).toMatchObject({ status: 'warn' });
    expect(check('sign-up').fix).toContain('SIGNUP=allowlist');

    const https = await doctor({ PUBLIC_URL: 'https://spawner.example.com', SIGNUP: 'invite' });
    expect(https.check('public URL')).toMatchObject({ status: 'ok' });
    expect(https.check('public URL').detail).toContain('Secure');
  });

  it('prints bad settings and exits 2', async () => {
    const run = await spawner(['doctor'], { PORT: 'eighty', SIGNUP: 'sometimes' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid setting PORT');
    expect(run.stderr).toContain('invalid setting SIGNUP');
  });
});

describe('spawner backup', SLOW, () => {
  it(
    postgres ? 'points to pg_dump for PostgreSQL' : 'copies the SQLite store to a file that opens',
    async () => {
      const store = await freshStore();
      try {
        expect((await spawner(['migrate'], { DATABASE_URL: store.url })).code).toBe(0);
        const file = join(work, `backup-${randomBytes(3).toString('hex')}.db`);
        const run = await spawner(['backup', file], { DATABASE_URL: store.url });
        if (postgres) {
          expect(run.code).toBe(1);
          expect(run.stderr).toContain(`pg_dump --format=custom --file=${file} "$DATABASE_URL"`);
          return;
        }
        expect(run.code, run.stderr).toBe(0);
        const copy = new SQLite(file, { readonly: true, fileMustExist: true });
        try {
          const tables = copy
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .all() as Array<{ name: string }>;
          expect(tables.map((t) => t.name)).toContain('users');
          expect(copy.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
        } finally {
          copy.close();
        }
        const twice = await spawner(['backup', file], { DATABASE_URL: store.url });
        expect(twice.code).toBe(1);
        expect(twice.stderr).toContain('exists already');
      } finally {
        await store.drop();
      }
    },
  );
});

describe('spawner users and containers, beside a running spawner on the same store', SLOW, () => {
  let t: TestApp;
  let store: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const { database } = t.app.config;
    store = { DATABASE_URL: database.kind === 'sqlite' ? database.path : database.url };
  });

  afterAll(() => t.close());

  it('lists people as JSON and as a table', async () => {
    const ann = await t.signIn();
    const run = await spawner(['users', 'list', '--json', '--search', t.tag], store);
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as AdminUsersResponse;
    expect(answer.users).toContainEqual(
      expect.objectContaining({ id: ann.user.id, email: ann.email, blocked: false }),
    );

    const table = await spawner(['users', 'list', '--search', ann.email], store);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +EMAIL +SLUG +CREATED +LAST SEEN +RUNNING/);
    expect(table.stdout).toContain(ann.user.slug);
  });

  it('blocks: the store ends the sessions at once and the running spawner refuses them; unblock lifts it', async () => {
    const bob = await t.signIn();
    expect((await bob.fetch('/api/auth/me')).status).toBe(200);

    const block = await spawner(['users', 'block', bob.email], store);
    expect(block.code, block.stderr).toBe(0);
    expect(block.stdout).toContain(`blocked ${bob.email}`);
    const sessions = await t.app.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', bob.user.id)
      .execute();
    expect(sessions).toEqual([]);
    // The running spawner remembers a session for a few seconds; then it asks the store again.
    await eventually(async () => (await bob.fetch('/api/auth/me')).status === 401, 20_000);
    const listed = await spawner(['users', 'list', '--json', '--search', bob.email], store);
    expect((JSON.parse(listed.stdout) as AdminUsersResponse).users[0]).toMatchObject({
      blocked: true,
    });

    const unblock = await spawner(['users', 'unblock', String(bob.user.id)], store);
    expect(unblock.code, unblock.stderr).toBe(0);
    const again = await t.signIn(bob.email);
    expect((await again.fetch('/api/auth/me')).status).toBe(200);
  });

  it('names a person it does not know and exits non-zero', async () => {
    const run = await spawner(['users', 'block', `${t.tag}-nobody@example.com`], store);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`there is no user ${t.tag}-nobody@example.com`);
  });

  it('lists, stops and removes containers', async () => {
    const cam = await t.signIn();
    expect((await cam.fetch('/api/container/launch/dev', { method: 'POST' })).status).toBe(200);

    const list = async () => {
      const run = await spawner(['containers', 'list', '--json', '--search', cam.email], store);
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as AdminContainersResponse).containers;
    };
    const [listed, ...others] = await list();
    expect(others).toEqual([]);
    expect(listed).toMatchObject({ owner: { id: cam.user.id }, type: 'dev', status: 'running' });

    const stop = await spawner(['containers', 'stop', cam.email, 'dev'], store);
    expect(stop.code, stop.stderr).toBe(0);
    const [engine] = await containersOf(cam.user.slug);
    expect(engine?.State).toBe('exited');
    expect((await list())[0]).toMatchObject({ status: 'stopped' });

    const rm = await spawner(['containers', 'rm', cam.email, 'dev'], store);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toContain('data kept');
    expect(await containersOf(cam.user.slug)).toEqual([]);
  });
});
