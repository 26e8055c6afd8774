import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** The integration suite, once per store: SQLite and PostgreSQL run the same tests. */
const integration = (
  database: 'sqlite' | 'postgres',
  order: number,
): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: `integration-${database}`,
    include: ['test/**/*.test.ts'],
    // The replica tests run once, on PostgreSQL, in a project of their own (below).
    exclude: [...configDefaults.exclude, 'test/replicas/**'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    env: { TEST_DATABASE: database },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files share one engine; a few at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    sequence: { groupOrder: order },
  },
});

export default defineConfig({
  // Tests read the contract from its source, so a change there needs no build first.
  resolve: {
    alias: {
      '@spawner/api': fileURLToPath(new URL('../packages/api/src/index.ts', import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          // Pure logic on the in-memory runtime: the files can share one module graph, which
          // saves loading the whole app once per file.
          isolate: false,
        },
      },
      integration('sqlite', 1),
      integration('postgres', 2),
      {
        extends: true,
        test: {
          name: 'replicas',
          include: ['test/replicas/**/*.test.ts'],
          // PostgreSQL, the engine and the echo image as the integration tests check them; nginx.
          globalSetup: ['test/helpers/globalSetup.ts', 'test/replicas/globalSetup.ts'],
          env: { TEST_DATABASE: 'postgres' },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file runs two spawners and nginx: one file at a time on a 2-core machine.
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
