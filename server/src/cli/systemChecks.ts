import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import { connectDatabase, createMigrator } from '../db/database.js';
import { dockerConnectionOptions, DockerRuntime } from '../runtime/docker.js';
import { messageOf, withDeadline, type CheckResult } from './check.js';
import { storeName } from './output.js';
import { isLocalSetup } from './settingsChecks.js';

/** How long one outside system may take to answer before doctor calls it unreachable. */
const DEADLINE_MS = 10_000;

const FIREWALL_SCRIPT = fileURLToPath(new URL('../../../deploy/firewall.sh', import.meta.url));

/** The engine answers, and which one it is; then every template's image is there. */
export async function engineChecks(config: Config): Promise<CheckResult[]> {
  const where = config.dockerHost ?? 'unix:///var/run/docker.sock (DOCKER_HOST unset)';
  const runtime = new DockerRuntime(config.dockerHost);
  try {
    const version = await withDeadline(
      DEADLINE_MS,
      'the engine',
      runtime.ping().then(() => new Docker(dockerConnectionOptions(config.dockerHost)).version()),
    );
    const engine: CheckResult = {
      name: 'engine',
      status: 'ok',
      detail: `Docker ${version.Version} (API ${version.ApiVersion}) at ${where}`,
    };
    return [engine, ...(await imageChecks(config, runtime))];
  } catch (err) {
    return [
      {
        name: 'engine',
        status: 'fail',
        detail: `${where}: ${messageOf(err)}`,
        fix: 'start the engine (`npm start` does as root) or point DOCKER_HOST at one',
      },
      {
        name: 'images',
        status: 'fail',
        detail: 'not checked: the engine is needed to look at the template images',
        fix: 'fix the engine first',
      },
    ];
  }
}

async function imageChecks(config: Config, runtime: DockerRuntime): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const template of config.templates) {
    const id = await withDeadline(DEADLINE_MS, 'the engine', runtime.imageId(template.image));
    results.push(
      id
        ? {
            name: `image ${template.key}`,
            status: 'ok',
            detail: `${template.image} (${id.replace(/^sha256:/, '').slice(0, 12)})`,
          }
        : {
            name: `image ${template.key}`,
            status: 'fail',
            detail: `${template.image}, the image of template ${template.key}, is not on the engine: launches of it fail`,
            fix: 'build or load it (`scripts/build-images.sh` builds the default ones), or correct the image (TEMPLATES_FILE, USER_TEMPLATE_IMAGE_DEV/PROD)',
          },
    );
  }
  return results;
}

/** The store answers, and every migration has run (spawner runs pending ones at start). */
export async function storeCheck(config: Config): Promise<CheckResult> {
  const settings = config.database;
  const where = storeName(settings);
  // A missing SQLite file is a store not made yet; opening it would make an empty one.
  if (settings.kind === 'sqlite' && settings.path !== ':memory:' && !existsSync(settings.path)) {
    return {
      name: 'store',
      status: 'warn',
      detail: `${where} does not exist yet: spawner makes it at its first start`,
      fix: 'run `npx spawner migrate` to make it now, or check DATABASE_URL',
    };
  }
  const db = connectDatabase(settings);
  try {
    const migrations = await withDeadline(
      DEADLINE_MS,
      'the store',
      createMigrator(db, settings.kind).getMigrations(),
    );
    const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
    if (pending.length) {
      return {
        name: 'store',
        status: 'warn',
        detail: `${where} answers; ${pending.length} migration(s) not run yet: ${pending.join(', ')}`,
        fix: 'run `npx spawner migrate` (spawner also runs them at its next start)',
      };
    }
    return {
      name: 'store',
      status: 'ok',
      detail: `${where} answers and is migrated (${migrations.length} migrations)`,
    };
  } catch (err) {
    return {
      name: 'store',
      status: 'fail',
      detail: `${where} does not answer: ${messageOf(err)}`,
      fix: 'check DATABASE_URL, and that the database server runs and lets this user in',
    };
  } finally {
    await db.destroy();
  }
}

/** SMTP: set and the server accepts us; with `sendTo`, a test mail goes out too. */
export async function mailCheck(config: Config, sendTo: string | undefined): Promise<CheckResult> {
  const name = 'mail';
  if (!config.smtpUrl) {
    return {
      name,
      status: sendTo ? 'fail' : 'warn',
      detail: `SMTP_URL unset: sign-in links are written to the log instead of mailed${sendTo ? ', so no test mail can be sent' : ''}`,
      fix: 'set SMTP_URL=smtp://user:pass@host:port (smtps:// for TLS) and MAIL_FROM',
    };
  }
  const smtp = new URL(config.smtpUrl);
  const server = `${smtp.protocol}//${smtp.host}`; // without the credentials
  const transport = nodemailer.createTransport(config.smtpUrl);
  try {
    await withDeadline(DEADLINE_MS, 'the SMTP server', transport.verify());
    if (!sendTo) {
      return { name, status: 'ok', detail: `${server} accepts us; sender ${config.mailFrom}` };
    }
    await withDeadline(
      DEADLINE_MS,
      'the SMTP server',
      transport.sendMail({
        from: config.mailFrom,
        to: sendTo,
        subject: 'spawner: test mail',
        text: `This is a test mail from spawner (${config.publicUrl.origin}), sent by \`spawner doctor --send-test\`. Sign-in links will come the same way.`,
      }),
    );
    return {
      name,
      status: 'ok',
      detail: `${server} accepts us and took a test mail to ${sendTo} from ${config.mailFrom}`,
    };
  } catch (err) {
    return {
      name,
      status: 'fail',
      detail: `${server}: ${messageOf(err)}`,
      fix: 'check SMTP_URL (host, port, user, password; smtps:// for implicit TLS) and MAIL_FROM',
    };
  } finally {
    transport.close();
  }
}

/** deploy/firewall.sh's rules, which keep containers off the host and the metadata address. */
export async function firewallCheck(config: Config): Promise<CheckResult> {
  const name = 'firewall';
  const missing: CheckResult['status'] = isLocalSetup(config) ? 'warn' : 'fail';
  if (!existsSync(FIREWALL_SCRIPT) || process.getuid?.() !== 0) {
    return {
      name,
      status: 'warn',
      detail: 'not checked: needs root and deploy/firewall.sh',
      fix: 'run `npx spawner doctor` as root on the engine’s machine, or `deploy/firewall.sh check` there',
    };
  }
  const outcome = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile('bash', [FIREWALL_SCRIPT, 'check'], (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 2) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
  const firstLine = outcome.output.split('\n')[0];
  switch (outcome.code) {
    case 0:
      return { name, status: 'ok', detail: 'deploy/firewall.sh rules are in place' };
    case 1:
      return {
        name,
        status: missing,
        detail: `deploy/firewall.sh rules are not in place: containers can reach the host's ports and link-local addresses (${firstLine})`,
        fix: 'run `deploy/firewall.sh apply` as root, and enable deploy/spawner-firewall.service so they come back after each boot',
      };
    default:
      // The script could not look (no iptables, say): it says why.
      return {
        name,
        status: 'warn',
        detail: `not checked: ${firstLine || `deploy/firewall.sh check exited ${outcome.code}`}`,
      };
  }
}
