import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { testDatabase } from './database.js';
import { ECHO_IMAGE } from './docker.js';
import { removeAppsOf, TEST_RUNTIME } from './engine.js';
import { MailCatcher, tokenFromMail } from './smtp.js';

export interface TestApp {
  app: App;
  url: string;
  mail: MailCatcher;
  /** Log lines at level error or worse: a crash report where none should be. */
  errorLogs: string[];
  /** A prefix unique to this app; every test user's slug starts with it, so cleanup finds them. */
  tag: string;
  /** A fresh email address whose slug starts with the tag. */
  email(name?: string): string;
  signIn(email?: string): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  email: string;
  token: string;
  cookie: string;
  user: { id: number; email: string; slug: string };
  /** fetch against the app with this user's bearer token. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts spawner on a free port with a fresh SQLite file, a real SMTP receiver and the real engine. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const mail = new MailCatcher();
  const smtpUrl = await mail.start();
  const dir = mkdtempSync(join(tmpdir(), 'spawner-test-'));
  const tag = `t${randomBytes(3).toString('hex')}`;
  const database = await testDatabase(dir, tag);
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    SMTP_URL: smtpUrl,
    DOCKER_HOST: process.env.DOCKER_HOST,
    RUNTIME: TEST_RUNTIME,
    USER_TEMPLATE_IMAGE_DEV: ECHO_IMAGE,
    USER_TEMPLATE_IMAGE_PROD: ECHO_IMAGE,
    RATE_LIMIT_MAGIC_LINK_PER_IP: '1000',
    ...env,
  });
  const errorLogs: string[] = [];
  const level = process.env.TEST_LOG_LEVEL ?? 'error';
  const log = createLogger(level, {
    write(line: string) {
      if ((JSON.parse(line) as { level: number }).level >= 50) errorLogs.push(line);
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(line);
    },
  });
  const app = await createApp(config, log);
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.http.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let counter = 0;
  const email = (name = 'user') => `${tag}-${name}-${++counter}@example.com`;

  const testApp: TestApp = {
    app,
    url,
    mail,
    tag,
    errorLogs,
    email,
    async signIn(address = email()) {
      const before = mail.mails.length;
      const res = await fetch(`${url}/api/auth/magic-link`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: address }),
      });
      if (res.status !== 202) throw new Error(`magic link: ${res.status} ${await res.text()}`);
      const token = tokenFromMail(await mail.waitFor(address, before));
      const verify = await fetch(`${url}/api/auth/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      if (verify.status !== 200) throw new Error(`verify: ${verify.status} ${await verify.text()}`);
      const body = (await verify.json()) as { token: string; user: SignedIn['user'] };
      const cookie = (verify.headers.get('set-cookie') ?? '').split(';')[0]!;
      return {
        email: address,
        token: body.token,
        cookie,
        user: body.user,
        fetch: (path, init = {}) =>
          fetch(`${url}${path}`, {
            ...init,
            headers: {
              authorization: `Bearer ${body.token}`,
              ...(init.headers as Record<string, string>),
            },
          }),
      };
    },
    async close() {
      await removeAppsOf(tag);
      await app.close();
      await mail.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return testApp;
}
