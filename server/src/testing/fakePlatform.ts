import { pino } from 'pino';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { FakeRuntime, type FakeImage } from '../runtime/fakeRuntime.js';
import { UserStore } from '../users/userStore.js';

/** spawner on the in-memory runtime and an in-memory SQLite, not listening: no Docker, no ports. */
export interface FakePlatform extends App {
  runtime: FakeRuntime;
  users: UserStore;
  /** A signed-up user, ada@example.com. */
  owner: { id: number; slug: string };
}

export const silentLog = pino({ level: 'silent' });

/**
 * Starts the platform with the given images (default: `dev` and `prod`, both answering), each
 * the image of the template of the same name.
 */
export async function startFakePlatform(
  images: Partial<Record<'dev' | 'prod', FakeImage>> = {},
  env: Record<string, string> = {},
): Promise<FakePlatform> {
  const runtime = new FakeRuntime();
  runtime.addImage('dev', images.dev ?? { app: 'answers' });
  runtime.addImage('prod', images.prod ?? { app: 'answers' });
  const config = loadConfig({
    DATABASE_URL: ':memory:',
    PUBLIC_URL: 'https://spawner.example.com',
    USER_TEMPLATE_IMAGE_DEV: 'dev',
    USER_TEMPLATE_IMAGE_PROD: 'prod',
    IDLE_TIMEOUT_MINUTES: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  // Launches that fail in a test should fail in seconds, not the default minute.
  for (const template of config.templates) template.ready_timeout_seconds = 2;
  const app = await createApp(config, silentLog, runtime);
  const users = new UserStore(app.db);
  const owner = await users.findOrCreate('ada@example.com');
  return {
    ...app,
    runtime,
    users,
    owner,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
