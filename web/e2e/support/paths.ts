import { fileURLToPath } from 'node:url';

/** The repository root (web/e2e/support → ../../..). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/** Set by globalSetup; read by the tests (workers inherit the environment). */
export const ENV = {
  baseUrl: 'SPAWNER_E2E_URL',
  /** The spawner in subdomain mode (PUBLIC_URL http://spawner.test:{port}). */
  subdomainUrl: 'SPAWNER_E2E_SUBDOMAIN_URL',
  /** The spawner with the failing and the hostile templates too (project `hostile`). */
  hostileUrl: 'SPAWNER_E2E_HOSTILE_URL',
  /** The spawner with one launch at a time and one container per person (project `limits`). */
  limitsUrl: 'SPAWNER_E2E_LIMITS_URL',
  mailDir: 'SPAWNER_E2E_MAIL_DIR',
  runId: 'SPAWNER_E2E_RUN_ID',
} as const;

export function fromEnv(name: (typeof ENV)[keyof typeof ENV]): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests with playwright (globalSetup sets it)`);
  return value;
}

/** The administrator of a run (ADMIN_EMAILS); its slug carries the run id, as every test user's. */
export const adminEmailOf = (runId: string) => `admin-${runId}@example.com`;
