import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/**
 * The container suites on the Swarm runtime. Only scripts/test-swarm.sh runs this, inside a
 * container on the swarm's overlay network, where the apps' endpoints are: never on the host.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: base.resolve,
  test: {
    name: 'integration-swarm',
    include: [
      'test/swarm/*.spec.ts',
      'test/containers.test.ts',
      'test/lifecycle.test.ts',
      'test/launchFailures.test.ts',
      'test/progress.test.ts',
      'test/proxy.test.ts',
      'test/idleCuller.test.ts',
      'test/quotas.test.ts',
      'test/admin.test.ts',
      'test/audit.test.ts',
      'test/subdomain.test.ts',
      'test/proxySecurity.test.ts',
    ],
    globalSetup: ['test/helpers/globalSetup.ts'],
    env: { TEST_DATABASE: 'sqlite', RUNTIME: 'swarm' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
