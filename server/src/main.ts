import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logging.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`spawner: ${err.message}\n`);
  process.exit(2);
}

const log = createLogger(config.logLevel);
const app = await createApp(config, log);

try {
  await app.runtime.ping();
} catch (err) {
  log.error(
    `container engine not reachable (${err instanceof Error ? err.message : String(err)}); the UI and API still answer, launches will fail until it is back`,
  );
}

await app.http.listen({ port: config.port, host: config.host });
log.info(
  { publicUrl: config.publicUrl.origin, templates: config.templates.map((t) => t.key) },
  'spawner is ready',
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second signal means: now. The first one's orderly stop is cut short.
    if (stopping) {
      log.warn({ signal }, 'shutdown: second signal, exiting at once');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
