import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium: Playwright's own browser downloads are not used here.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/**
 * Every spec runs against spawner in both routing modes, but for what only one mode has: the
 * app host's own cookie (subdomain), and the admin console, which is the dashboard's own page
 * and no app's (its one administrator signs in once per run).
 */
const SUBDOMAIN_ONLY = ['subdomain.spec.ts'];
const PATH_ONLY = ['admin.spec.ts'];
/** Specs that need the failing and hostile templates: a third spawner runs them. */
const HOSTILE_APPS = ['failure.spec.ts', 'security.spec.ts'];
/** Specs of the launch queue and the quotas: a fourth spawner with tight limits runs them. */
const LIMITS = ['limits.spec.ts'];

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/support/globalSetup.ts',
  // One spawner per routing mode and one Docker engine are shared; launches take seconds each.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    ...devices['Desktop Chrome'],
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromium, args: chromiumArgs },
  },
  projects: [
    {
      name: 'path',
      metadata: { routing: 'path' },
      testIgnore: [...SUBDOMAIN_ONLY, ...HOSTILE_APPS, ...LIMITS],
    },
    {
      name: 'hostile',
      metadata: { routing: 'path', spawner: 'hostile' },
      testMatch: HOSTILE_APPS,
    },
    {
      name: 'limits',
      metadata: { routing: 'path', spawner: 'limits' },
      testMatch: LIMITS,
    },
    {
      // The dashboard at spawner.test and each app at {slug}-{type}.spawner.test, all on
      // loopback: same-site, separate origins, as with a wildcard DNS name in production.
      name: 'subdomain',
      metadata: { routing: 'subdomain' },
      testIgnore: [...PATH_ONLY, ...HOSTILE_APPS, ...LIMITS],
      use: {
        launchOptions: {
          executablePath: chromium,
          args: [
            ...chromiumArgs,
            '--host-resolver-rules=MAP *.spawner.test 127.0.0.1, MAP spawner.test 127.0.0.1',
          ],
        },
      },
    },
  ],
});
