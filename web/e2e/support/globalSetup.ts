import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerHost, imageExists, removeRunContainers } from './docker';
import { adminEmailOf, ENV, repoRoot } from './paths';
import { startMailSink } from './smtp';
import { startSpawner, type RunningSpawner } from './spawner';

const DEV_IMAGE = process.env.USER_TEMPLATE_IMAGE_DEV ?? 'user-service-template:latest';
const PROD_IMAGE = process.env.USER_TEMPLATE_IMAGE_PROD ?? 'user-template-next:latest';
/** The integration tests' echo app (scripts/build-test-image.sh); CRASH_ON_START makes it fail. */
const TEST_IMAGE = process.env.TEST_IMAGE ?? 'spawner-test-echo:latest';

/** The templates the dashboard specs see: dev and prod as the defaults define them. */
const DASHBOARD_TEMPLATES = [
  {
    key: 'dev',
    image: DEV_IMAGE,
    display_name: 'Development Container',
    description: 'A web server for trying things out, based on nginx.',
    memory: '512m',
    cpus: 1,
    data_path: '/data',
  },
  {
    key: 'prod',
    image: PROD_IMAGE,
    display_name: 'Production Container',
    description: 'A Next.js production build with Tailwind CSS and shadcn/ui.',
    memory: '1g',
    cpus: 1,
    data_path: '/data',
  },
];

/**
 * The third spawner's templates (project `hostile`): the two above, one whose app exits as it
 * starts, so the dashboard's failure can be seen (failure.spec.ts), and the echo app, which
 * answers with any headers it is asked for, as a hostile app (security.spec.ts). Kept apart so
 * the dashboard specs and their screenshots show only what an operator starts with.
 */
const HOSTILE_TEMPLATES = [
  ...DASHBOARD_TEMPLATES,
  {
    key: 'broken',
    image: TEST_IMAGE,
    display_name: 'Broken App',
    description: 'An app that exits as it starts, to show how a failure looks.',
    memory: '256m',
    cpus: 0.5,
    env: { CRASH_ON_START: 'the settings file /etc/app.conf is missing' },
  },
  {
    key: 'echo',
    image: TEST_IMAGE,
    display_name: 'Echo App',
    description: 'Answers with whatever headers it is asked for, as a hostile app could.',
    memory: '256m',
    cpus: 0.5,
  },
];

/**
 * The fourth spawner's templates (project `limits`), where one launch runs at a time and each
 * person may run one container: an app that takes seconds to answer, so a second launch must
 * wait in line behind it (limits.spec.ts), and the echo app, which answers at once.
 */
const LIMITS_TEMPLATES = [
  {
    key: 'slow',
    image: TEST_IMAGE,
    display_name: 'Slow App',
    description: 'An app that takes a few seconds to answer, to show the launch queue.',
    memory: '256m',
    cpus: 0.5,
    env: { START_DELAY_MS: '6000' },
  },
  {
    key: 'echo',
    image: TEST_IMAGE,
    display_name: 'Echo App',
    description: 'An app that answers at once.',
    memory: '256m',
    cpus: 0.5,
  },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The template images, built with the project's own scripts when one is missing. */
async function ensureTemplateImages(): Promise<void> {
  if (!(await imageExists(TEST_IMAGE))) await build('scripts/build-test-image.sh');
  if ((await imageExists(DEV_IMAGE)) && (await imageExists(PROD_IMAGE))) return;
  await build('scripts/build-images.sh');
}

async function build(script: string): Promise<void> {
  console.log(`[e2e] a template image is missing; building with ${script}`);
  const code = await new Promise<number | null>((resolve) => {
    const p = spawn('bash', [script], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DOCKER_HOST: dockerHost,
        USER_TEMPLATE_IMAGE_DEV: DEV_IMAGE,
        USER_TEMPLATE_IMAGE_PROD: PROD_IMAGE,
        TEST_IMAGE,
      },
      stdio: 'inherit',
    });
    p.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`could not build the template images (${script} exited ${code})`);
}

/**
 * Starts a real SMTP receiver and the real spawner four times (temp SQLite, built UI, the
 * machine's Docker engine): in path mode; in subdomain mode for the `subdomain` project, with the
 * dashboard at spawner.test and the apps at {slug}-{type}.spawner.test (Chromium maps both to
 * loopback); with the hostile templates (`hostile`); and with tight limits (`limits`). The
 * function it returns is the global teardown: it stops them and removes the containers this run
 * created.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const webDist = join(repoRoot, 'web/dist');
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(
      'web/dist is missing: run `npm run build -w web` first (`npm run e2e -w web` does)',
    );
  }
  await ensureTemplateImages();

  const runId = `e2e${(Date.now() % 36 ** 5).toString(36)}`;
  const tmp = await mkdtemp(join(tmpdir(), 'spawner-e2e-'));
  const mailDir = join(tmp, 'mail');
  const sink = await startMailSink(mailDir);
  const templatesFile = join(tmp, 'templates.json');
  await writeFile(templatesFile, JSON.stringify(DASHBOARD_TEMPLATES));
  const hostileTemplatesFile = join(tmp, 'templates-hostile.json');
  await writeFile(hostileTemplatesFile, JSON.stringify(HOSTILE_TEMPLATES));
  const limitsTemplatesFile = join(tmp, 'templates-limits.json');
  await writeFile(limitsTemplatesFile, JSON.stringify(LIMITS_TEMPLATES));
  const env = {
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    DOCKER_HOST: dockerHost,
    TEMPLATES_FILE: templatesFile,
    WEB_DIST: webDist,
    RATE_LIMIT_MAGIC_LINK_PER_IP: '1000',
    RATE_LIMIT_MAGIC_LINK_PER_EMAIL: '1000',
    // The admin console's tests sign in as this address (admin.spec.ts).
    ADMIN_EMAILS: adminEmailOf(runId),
  };
  const spawners: RunningSpawner[] = [];
  const teardown = async () => {
    for (const spawner of spawners) await spawner.stop();
    await sink.close();
    const removed = await removeRunContainers(runId);
    console.log(`[e2e] removed ${removed.length} container(s) of run ${runId}`);
    // SPAWNER_E2E_KEEP=1 keeps the server logs, the mails and the databases for a look.
    if (process.env.SPAWNER_E2E_KEEP) console.log(`[e2e] kept ${tmp} (server logs: spawner*.log)`);
    else await rm(tmp, { recursive: true, force: true });
  };

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const subdomainPort = await freePort();
  const subdomainUrl = `http://spawner.test:${subdomainPort}`;
  const hostilePort = await freePort();
  const hostileUrl = `http://127.0.0.1:${hostilePort}`;
  const limitsPort = await freePort();
  const limitsUrl = `http://127.0.0.1:${limitsPort}`;
  try {
    spawners.push(
      await startSpawner(
        port,
        { ...env, PUBLIC_URL: baseUrl, DATABASE_URL: join(tmp, 'spawner.db') },
        join(tmp, 'spawner.log'),
      ),
    );
    spawners.push(
      await startSpawner(
        subdomainPort,
        {
          ...env,
          PUBLIC_URL: subdomainUrl,
          ROUTING: 'subdomain',
          APPS_DOMAIN: 'spawner.test',
          DATABASE_URL: join(tmp, 'spawner-subdomain.db'),
        },
        join(tmp, 'spawner-subdomain.log'),
      ),
    );
    spawners.push(
      await startSpawner(
        hostilePort,
        {
          ...env,
          PUBLIC_URL: hostileUrl,
          TEMPLATES_FILE: hostileTemplatesFile,
          DATABASE_URL: join(tmp, 'spawner-hostile.db'),
        },
        join(tmp, 'spawner-hostile.log'),
      ),
    );
    spawners.push(
      await startSpawner(
        limitsPort,
        {
          ...env,
          PUBLIC_URL: limitsUrl,
          TEMPLATES_FILE: limitsTemplatesFile,
          DATABASE_URL: join(tmp, 'spawner-limits.db'),
          MAX_CONCURRENT_LAUNCHES: '1',
          MAX_RUNNING_PER_USER: '1',
        },
        join(tmp, 'spawner-limits.log'),
      ),
    );
  } catch (err) {
    await teardown();
    throw err;
  }

  process.env[ENV.baseUrl] = baseUrl;
  process.env[ENV.subdomainUrl] = subdomainUrl;
  process.env[ENV.hostileUrl] = hostileUrl;
  process.env[ENV.limitsUrl] = limitsUrl;
  process.env[ENV.mailDir] = mailDir;
  process.env[ENV.runId] = runId;
  console.log(
    `[e2e] spawner at ${baseUrl} and ${subdomainUrl} (subdomain mode) and ${hostileUrl} (hostile templates) and ${limitsUrl} (tight limits), SMTP on ${sink.port}, run ${runId}, images ${DEV_IMAGE} ${PROD_IMAGE} ${TEST_IMAGE}`,
  );
  return teardown;
}
