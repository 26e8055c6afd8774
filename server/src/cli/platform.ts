import type { AdminActor } from '../admin/adminService.js';
import type { App } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logging.js';

/** The operator at the terminal: no account, no address (the audit log shows the CLI's acts so). */
export const OPERATOR: AdminActor = { user: null, ip: null };

/**
 * Runs `work` on the platform built as the server builds it (the same store, engine and
 * services), without listening and without background jobs; closes it afterwards.
 */
export async function withPlatform<T>(
  env: NodeJS.ProcessEnv,
  work: (app: App) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  // To stderr, so that --json output stays parseable; quiet unless LOG_LEVEL asks for more.
  const log = createLogger(env.LOG_LEVEL ? config.logLevel : 'warn', process.stderr);
  // Loaded here, not at the top: doctor, migrate and backup need none of the HTTP side.
  const { createApp } = await import('../app.js');
  const app = await createApp(config, log, undefined, { background: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
