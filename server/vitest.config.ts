import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/** The integration suite, once per store: SQLite and PostgreSQL run the same tests. */
const integration = (
  database: 'sqlite' | 'postgres',
  order: number,
): TestProjectInlineConfiguration => ({
  test: {
    name: `integration-${database}`,
    include: ['test/**/*.test.ts'],
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
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      integration('sqlite', 1),
      integration('postgres', 2),
    ],
  },
});
