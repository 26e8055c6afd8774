import { TEMPLATE_KEY_PATTERN } from '@spawner/api';
import { z } from 'zod';

/** Keys that would clash with a route: `/api/container/launch/{type}` beside `/api/container/{type}/...`. */
const RESERVED_TEMPLATE_KEYS: readonly string[] = ['launch'];

/** Linux capabilities by Docker's names (without `CAP_`); `ALL` is refused on purpose. */
const CAPABILITIES = [
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'AUDIT_WRITE',
  'BLOCK_SUSPEND',
  'BPF',
  'CHECKPOINT_RESTORE',
  'CHOWN',
  'DAC_OVERRIDE',
  'DAC_READ_SEARCH',
  'FOWNER',
  'FSETID',
  'IPC_LOCK',
  'IPC_OWNER',
  'KILL',
  'LEASE',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'NET_BROADCAST',
  'NET_RAW',
  'PERFMON',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_CHROOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_PTRACE',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'SYSLOG',
  'WAKE_ALARM',
] as const;

const memorySchema = z
  .string()
  .regex(/^\d+(\.\d+)?[kmg]?$/i, 'memory must look like 512m or 1g')
  .transform(parseMemory);

export const templateSchema = z
  .object({
    key: z
      .string()
      .regex(TEMPLATE_KEY_PATTERN, 'key must match ^[a-z][a-z0-9]{0,15}$')
      .refine((key) => !RESERVED_TEMPLATE_KEYS.includes(key), {
        error: (issue) =>
          `key "${String(issue.input)}" is reserved (it would clash with an API route)`,
      }),
    image: z.string().min(1).max(255),
    display_name: z.string().min(1).max(80),
    description: z.string().max(300).default(''),
    port: z.number().int().min(1).max(65535).default(8080),
    memory: memorySchema.default(parseMemory('512m')),
    cpus: z.number().positive().max(64).default(1),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    ready_timeout_seconds: z.number().int().min(1).max(600).default(60),
    /** Where the app keeps what must outlive the container; a named volume is mounted there. */
    data_path: z
      .string()
      .regex(/^\/[A-Za-z0-9._/-]*$/, 'data_path must be an absolute path')
      .refine((path) => path !== '/' && !path.split('/').includes('..'), {
        error: 'data_path must be a folder below /',
      })
      .optional(),
    /** Capabilities the app keeps; every other one is dropped. */
    cap_add: z.array(z.enum(CAPABILITIES)).default([]),
    /** The root filesystem is read-only; /tmp, /run and the data volume stay writable. */
    read_only: z.boolean().default(true),
    /** `none`: an internal network, where spawner reaches the app and the app reaches nothing. */
    network: z.enum(['internet', 'none']).default('internet'),
    /** Open files per process (the `nofile` ulimit). */
    nofile: z.number().int().min(64).max(1_048_576).default(4096),
    /** Processes and threads in the container together. */
    pids_limit: z.number().int().min(16).max(65_536).default(512),
  })
  .strict();

export type Template = z.output<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

/** Bytes from a Docker-style size such as `512m` or `1.5g`. */
function parseMemory(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(value);
  if (!match) throw new Error(`not a memory size: ${value}`);
  const units: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  return Math.round(Number(match[1]) * (units[match[2]!.toLowerCase()] ?? 1));
}

export function defaultTemplates(images: { dev: string; prod: string }): TemplateInput[] {
  return [
    {
      key: 'dev',
      image: images.dev,
      display_name: 'Development Container',
      description: 'A web server for trying things out, based on nginx.',
      memory: '512m',
      cpus: 1,
      data_path: '/data',
    },
    {
      key: 'prod',
      image: images.prod,
      display_name: 'Production Container',
      description: 'A Next.js production build with Tailwind CSS and shadcn/ui.',
      memory: '1g',
      cpus: 1,
      data_path: '/data',
    },
  ];
}

/** The templates as an ordered, keyed catalogue; order is the order the operator wrote. */
export class TemplateCatalog {
  private readonly byKey: Map<string, Template>;

  constructor(readonly all: readonly Template[]) {
    this.byKey = new Map(all.map((t) => [t.key, t]));
  }

  get(key: string): Template | undefined {
    return this.byKey.get(key);
  }
}
