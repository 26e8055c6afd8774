import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SessionService } from '../../src/auth/sessions.js';
import { connectDatabase, type Db } from '../../src/db/database.js';
import type { TemplateInput } from '../../src/templates/template.js';
import { UserStore } from '../../src/users/userStore.js';
import { postgresAdminUrl } from '../helpers/database.js';
import { ECHO_IMAGE, removeContainersOf } from '../helpers/docker.js';
import { startNginx, type Nginx } from './nginx.js';
import { freePort, startProcess, waitUntilAnswering, type RunningProcess } from './processes.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The echo app as the one template, unless a test file brings its own. */
const ECHO_TEMPLATE: TemplateInput = {
  key: 'echo',
  image: ECHO_IMAGE,
  display_name: 'Echo App',
  memory: '128m',
  cpus: 0.5,
};

/** The echo app as `slow`, answering only `delayMs` after it starts: launches stay in flight. */
export function slowTemplate(delayMs: number): TemplateInput {
  return {
    ...ECHO_TEMPLATE,
    key: 'slow',
    display_name: 'Slow App',
    env: { START_DELAY_MS: String(delayMs) },
    ready_timeout_seconds: 60,
  };
}

/** One spawner process of the platform. */
export interface Replica {
  readonly name: string;
  /** Its own port, past nginx: for asking this replica and no other. */
  readonly url: string;
  readonly process: RunningProcess;
  /** Its log lines (pino's JSON objects), for what only a log tells. */
  logLines(): Promise<Record<string, unknown>[]>;
}

/** A person signed in with a session made in the store (as a magic link would make one). */
export interface TestUser {
  readonly id: number;
  readonly email: string;
  readonly slug: string;
  readonly token: string;
  /** fetch `base + path` with this person's bearer token. */
  fetch(base: string, path: string, init?: RequestInit): Promise<Response>;
}

export interface Replicas {
  /** Every test user's slug starts with it; cleanup finds their containers by it. */
  readonly tag: string;
  readonly a: Replica;
  readonly b: Replica;
  readonly nginx: Nginx;
  /** The platform's database, for what a test must set up or read past the API. */
  readonly db: Db;
  readonly metricsToken: string;
  /** Signs in `{tag}-{name}@example.com`; `signIn('admin')` is the administrator (ADMIN_EMAILS). */
  signIn(name: string): Promise<TestUser>;
  close(): Promise<void>;
}

export interface ReplicaOptions {
  /** Settings both replicas get beyond the harness's own. */
  env?: Record<string, string>;
  templates?: TemplateInput[];
}

/**
 * Two spawner replicas (server/src/main.ts under tsx, each on its own loopback port) on a fresh
 * PostgreSQL database, behind nginx (round robin), on the machine's engine. `close()` stops
 * every process, removes the test users' containers and volumes, and drops the database; a
 * failed start does the same before it throws. SPAWNER_REPLICAS_KEEP=1 keeps the logs.
 */
export async function startReplicas(options: ReplicaOptions = {}): Promise<Replicas> {
  const tag = `r${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), `spawner-replicas-${tag}-`));
  // nginx's workers (nobody, when the tests run as root) keep their temp files below it.
  await chmod(dir, 0o755);
  const undo: (() => Promise<unknown>)[] = [() => removeDir(dir)];
  // Every step runs even when one fails, so a failed test leaves nothing behind.
  const close = async () => {
    const failures: unknown[] = [];
    for (const step of undo.reverse()) await step().catch((err: unknown) => failures.push(err));
    if (failures.length > 0) throw new AggregateError(failures, 'replica harness cleanup failed');
  };
  try {
    const databaseUrl = await createDatabase(`spawner_replicas_${tag}`, undo);
    undo.push(() => removeContainersOf(tag));
    const [portA, portB, nginxPort] = [await freePort(), await freePort(), await freePort()];
    const metricsToken = randomBytes(16).toString('hex');
    const templatesFile = join(dir, 'templates.json');
    await writeFile(templatesFile, JSON.stringify(options.templates ?? [ECHO_TEMPLATE]));
    const env = {
      DATABASE_URL: databaseUrl,
      DOCKER_HOST: process.env.DOCKER_HOST,
      PUBLIC_URL: `http://127.0.0.1:${nginxPort}`,
      TEMPLATES_FILE: templatesFile,
      ADMIN_EMAILS: `${tag}-admin@example.com`,
      METRICS_TOKEN: metricsToken,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
      ...options.env,
    };
    // Both at once: their migrations meet on one fresh database, as replicas deployed together do.
    const [a, b] = await Promise.all([
      startReplica('a', portA, env, dir, undo),
      startReplica('b', portB, env, dir, undo),
    ]);
    const nginx = await startNginx(join(dir, 'nginx'), nginxPort, [portA, portB]);
    undo.push(() => nginx.process.kill());
    const db = connectDatabase({ kind: 'postgres', url: databaseUrl });
    undo.push(() => db.destroy());
    return { tag, a, b, nginx, db, metricsToken, signIn: signInOn(db, tag), close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function startReplica(
  name: string,
  port: number,
  env: Record<string, string | undefined>,
  dir: string,
  undo: (() => Promise<unknown>)[],
): Promise<Replica> {
  const started = startProcess(
    `replica ${name}`,
    process.execPath,
    ['--import', 'tsx', 'server/src/main.ts'],
    {
      cwd: repoRoot,
      // Only the harness's settings: none of the test run's own environment leaks in.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      logFile: join(dir, `replica-${name}.log`),
    },
  );
  undo.push(() => started.kill());
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(started, `${url}/healthz`);
  return {
    name,
    url,
    process: started,
    async logLines() {
      return (await started.log())
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/** A fresh database on the test cluster; dropped (its connections cut) by `undo`. */
async function createDatabase(name: string, undo: (() => Promise<unknown>)[]): Promise<string> {
  const admin = postgresAdminUrl();
  await withAdmin(admin, `CREATE DATABASE ${name}`);
  undo.push(() => withAdmin(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.href;
}

async function withAdmin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function removeDir(dir: string): Promise<void> {
  if (process.env.SPAWNER_REPLICAS_KEEP) {
    console.log(`[replicas] kept ${dir} (replica-a.log, replica-b.log, nginx/)`);
    return Promise.resolve();
  }
  return rm(dir, { recursive: true, force: true });
}

function signInOn(db: Db, tag: string): (name: string) => Promise<TestUser> {
  const users = new UserStore(db);
  const sessions = new SessionService(db);
  return async (name) => {
    const user = await users.findOrCreate(`${tag}-${name}@example.com`);
    const token = await sessions.create(user.id);
    return {
      id: user.id,
      email: user.email,
      slug: user.slug,
      token,
      fetch: (base, path, init = {}) =>
        fetch(`${base}${path}`, {
          ...init,
          headers: {
            authorization: `Bearer ${token}`,
            ...(init.headers as Record<string, string>),
          },
        }),
    };
  };
}
