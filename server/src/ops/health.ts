import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** How long the store may take to answer a readiness probe before it counts as down. */
const STORE_PROBE_TIMEOUT_MS = 2000;

export interface Readiness {
  /** `ready` when the store answers: sign-in and the dashboard work, with or without the engine. */
  status: 'ready' | 'not_ready';
  store: 'ok' | 'unavailable';
  /** Whether the container index follows the engine now; launches wait for it, nothing else does. */
  engine: 'connected' | 'unavailable';
}

export interface ReadinessDeps {
  db: Db;
  engine: { readonly reachable: boolean };
}

/** Asks the store a trivial question, with a short deadline, and reads the engine's state. */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const store = (await storeAnswers(deps.db)) ? 'ok' : 'unavailable';
  return {
    status: store === 'ok' ? 'ready' : 'not_ready',
    store,
    engine: deps.engine.reachable ? 'connected' : 'unavailable',
  };
}

async function storeAnswers(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), STORE_PROBE_TIMEOUT_MS);
  });
  const probe = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
