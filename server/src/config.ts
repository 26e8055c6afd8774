import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import YAML from 'yaml';
import { parseTrustedProxies, type TrustedProxies } from './http/trustProxy.js';
import type { Routing } from './containers/identity.js';
import { defaultTemplates, templateSchema, type Template } from './templates/template.js';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.string().min(1).default('./data/spawner.db'),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.email().optional(),
  DOCKER_HOST: z
    .string()
    .regex(/^(unix|tcp|http|https|npipe):\/\//, 'must start with unix://, tcp:// or http(s)://')
    .optional(),
  RUNTIME: z.enum(['docker', 'swarm']).default('docker'),
  DOCKER_NETWORK: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
    .optional(),
  USER_TEMPLATE_IMAGE_DEV: z.string().min(1).default('user-service-template:latest'),
  USER_TEMPLATE_IMAGE_PROD: z.string().min(1).default('user-template-next:latest'),
  TEMPLATES_FILE: z.string().min(1).optional(),
  TRAEFIK_CERTRESOLVER: z.string().min(1).optional(),
  ADMIN_EMAILS: z.string().optional(),
  RATE_LIMIT_MAGIC_LINK_PER_EMAIL: positiveInt(5),
  RATE_LIMIT_MAGIC_LINK_PER_EMAIL_TOTAL: positiveInt(50),
  RATE_LIMIT_MAGIC_LINK_PER_IP: positiveInt(20),
  SIGNUP: z.enum(['open', 'allowlist', 'invite']).default('open'),
  ALLOWED_EMAILS: z.string().optional(),
  ALLOWED_EMAIL_DOMAINS: z.string().optional(),
  IDLE_TIMEOUT_MINUTES: z.coerce.number().int().min(0).default(60),
  IDLE_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  TRUST_PROXY: z.string().optional(),
  ROUTING: z.enum(['path', 'subdomain']).default('path'),
  APPS_DOMAIN: z
    .string()
    .toLowerCase()
    .regex(
      /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      'must be a host name like apps.example.com',
    )
    .optional(),
  MAX_RUNNING_PER_USER: z.coerce.number().int().min(0).optional(),
  MAX_RUNNING_CONTAINERS: z.coerce.number().int().positive().optional(),
  MAX_CONCURRENT_LAUNCHES: positiveInt(2 * availableParallelism()),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (a random secret)').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SHUTDOWN_TIMEOUT_SECONDS: positiveInt(30),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: URL;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  smtpUrl: string | undefined;
  mailFrom: string;
  dockerHost: string | undefined;
  /** The engine's mode: plain Docker, or Docker Swarm (users' containers as services). */
  runtime: 'docker' | 'swarm';
  dockerNetwork: string | undefined;
  templates: Template[];
  traefikCertResolver: string | undefined;
  adminEmails: Set<string>;
  rateLimits: RateLimits;
  signup: SignupSettings;
  idleTimeoutMinutes: number;
  /** How often the idle culler looks for containers past the idle timeout. */
  idleCheckSeconds: number;
  /** The peers whose X-Forwarded-* headers are believed (empty: none). */
  trustProxy: TrustedProxies;
  /** Where users' apps are served: under PUBLIC_URL's paths, or each on a host of its own. */
  routing: Routing;
  quotas: QuotaSettings;
  ops: OpsSettings;
  /** Days audit events are kept; 0 keeps them forever. */
  auditRetentionDays: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  webDist: string | undefined;
}

/** Sign-in mails per 15 minutes. */
export interface RateLimits {
  /** Per address from one client IP: what one client may ask for one address. */
  magicLinkPerEmail: number;
  /** Per address from all IPs together: high enough that others cannot lock a person out. */
  magicLinkPerEmailTotal: number;
  /** Per client IP, whatever the addresses. */
  magicLinkPerIp: number;
}

/** How many containers run, and how many launches work at once (the rest wait in line). */
export interface QuotaSettings {
  /** Per person, unless an administrator set the person's own; undefined: no limit. */
  maxRunningPerUser: number | undefined;
  /** On the whole platform; undefined: no limit. */
  maxRunningContainers: number | undefined;
  maxConcurrentLaunches: number;
}

/** Metrics exposure and shutdown; with neither token nor port, `/metrics` is not served. */
export interface OpsSettings {
  /** `/metrics` on the main port, for requests bearing this token. */
  metricsToken: string | undefined;
  /** `/metrics` on a listener of its own (on HOST), not on the main port. */
  metricsPort: number | undefined;
  /** How long a shutdown waits for launches in flight. */
  shutdownTimeoutSeconds: number;
}

/** Who may sign up (existing users may always sign in). */
export interface SignupSettings {
  /** open: anyone; allowlist: listed addresses and domains; invite: listed addresses only. */
  mode: 'open' | 'allowlist' | 'invite';
  allowedEmails: ReadonlySet<string>;
  allowedDomains: ReadonlySet<string>;
}

/** Bad settings: the message is one line naming every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((p) => `invalid setting ${p}`).join('; '));
  }
}

/** Parses every setting at once; bad ones throw one ConfigError that names each of them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.success ? parsed.data : undefined;
  const templates = collect(problems, () =>
    env.TEMPLATES_FILE
      ? readTemplatesFile(env.TEMPLATES_FILE)
      : e &&
        parseTemplates(
          defaultTemplates({ dev: e.USER_TEMPLATE_IMAGE_DEV, prod: e.USER_TEMPLATE_IMAGE_PROD }),
          'templates',
        ),
  );
  const trustProxy = collect(problems, () => {
    try {
      return parseTrustedProxies(env.TRUST_PROXY);
    } catch (err) {
      throw new ConfigError([`TRUST_PROXY: ${oneLine(err)}`]);
    }
  });
  if (e?.SIGNUP === 'invite' && e.ALLOWED_EMAIL_DOMAINS) {
    problems.push('ALLOWED_EMAIL_DOMAINS: only SIGNUP=allowlist reads it (invite takes addresses)');
  }
  const publicUrl = e && new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  if (publicUrl && (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash)) {
    problems.push('PUBLIC_URL: must be an origin without a path');
  }
  const routing = e && publicUrl && routingOf(e, publicUrl, problems);
  if (e?.METRICS_PORT && e.METRICS_PORT === e.PORT) {
    problems.push('METRICS_PORT: must differ from PORT (metrics get a listener of their own)');
  }
  if (!e || !publicUrl || !templates || !trustProxy || !routing || problems.length) {
    throw new ConfigError(problems);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    database: /^postgres(ql)?:\/\//.test(e.DATABASE_URL)
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', path: e.DATABASE_URL },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `spawner@${publicUrl.hostname}`,
    dockerHost: e.DOCKER_HOST,
    runtime: e.RUNTIME,
    dockerNetwork: e.DOCKER_NETWORK,
    templates,
    traefikCertResolver: e.TRAEFIK_CERTRESOLVER,
    adminEmails: lowerCaseList(e.ADMIN_EMAILS),
    rateLimits: {
      magicLinkPerEmail: e.RATE_LIMIT_MAGIC_LINK_PER_EMAIL,
      magicLinkPerEmailTotal: e.RATE_LIMIT_MAGIC_LINK_PER_EMAIL_TOTAL,
      magicLinkPerIp: e.RATE_LIMIT_MAGIC_LINK_PER_IP,
    },
    signup: {
      mode: e.SIGNUP,
      allowedEmails: lowerCaseList(e.ALLOWED_EMAILS),
      // `@example.com` and `example.com` alike: the domain after the @.
      allowedDomains: new Set(
        [...lowerCaseList(e.ALLOWED_EMAIL_DOMAINS)].map((d) => d.replace(/^@/, '')),
      ),
    },
    idleTimeoutMinutes: e.IDLE_TIMEOUT_MINUTES,
    idleCheckSeconds: e.IDLE_CHECK_SECONDS,
    trustProxy,
    routing,
    quotas: {
      maxRunningPerUser: e.MAX_RUNNING_PER_USER,
      maxRunningContainers: e.MAX_RUNNING_CONTAINERS,
      maxConcurrentLaunches: e.MAX_CONCURRENT_LAUNCHES,
    },
    ops: {
      metricsToken: e.METRICS_TOKEN,
      metricsPort: e.METRICS_PORT,
      shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    },
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST,
  };
}

/** A comma list, trimmed and lower-cased (addresses and domains compare case-blind). */
function lowerCaseList(text: string | undefined): Set<string> {
  return new Set(
    (text ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** ROUTING and APPS_DOMAIN; the dashboard's host must not itself look like an app's host. */
function routingOf(
  e: z.infer<typeof envSchema>,
  publicUrl: URL,
  problems: string[],
): Routing | undefined {
  if (e.ROUTING === 'path') return { mode: 'path' };
  const appsDomain = e.APPS_DOMAIN;
  if (!appsDomain) {
    problems.push('APPS_DOMAIN: required when ROUTING is subdomain');
    return undefined;
  }
  if (publicUrl.hostname.endsWith(`.${appsDomain}`)) {
    problems.push(`APPS_DOMAIN: PUBLIC_URL's host must not be under *.${appsDomain}`);
    return undefined;
  }
  return { mode: 'subdomain', appsDomain };
}

/** Runs a step that throws ConfigErrors; adds their problems to the list instead. */
function collect<T>(problems: string[], step: () => T): T | undefined {
  try {
    return step();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}

function readTemplatesFile(path: string): Template[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`TEMPLATES_FILE: cannot read ${path} (${oneLine(err)})`]);
  }
  let data: unknown;
  try {
    data = YAML.parse(text); // YAML is a superset of JSON: one parser for both.
  } catch (err) {
    throw new ConfigError([`TEMPLATES_FILE: ${path} is not JSON or YAML (${oneLine(err)})`]);
  }
  const list = data && typeof data === 'object' && 'templates' in data ? data.templates : data;
  return parseTemplates(list, 'TEMPLATES_FILE');
}

function parseTemplates(list: unknown, setting: string): Template[] {
  const parsed = z.array(templateSchema).min(1, 'at least one template is needed').safeParse(list);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
        return `${setting}${where}: ${issue.message}`;
      }),
    );
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const t of parsed.data) {
    if (seen.has(t.key)) duplicates.add(t.key);
    seen.add(t.key);
  }
  if (duplicates.size) {
    throw new ConfigError(
      [...duplicates].map((key) => `${setting}: duplicate template key ${key}`),
    );
  }
  return parsed.data;
}

/** An error as one line: the whole start-up failure must stay on one line. */
function oneLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).replace(/\s+/g, ' ');
}
