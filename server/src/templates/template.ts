import { z } from 'zod';

/** Template keys never contain a hyphen, so `{slug}-{key}` splits unambiguously at its last hyphen. */
export const TEMPLATE_KEY_PATTERN = /^[a-z][a-z0-9]{0,15}$/;

const memorySchema = z
  .string()
  .regex(/^\d+(\.\d+)?[kmg]?$/i, 'memory must look like 512m or 1g')
  .transform(parseMemory);

export const templateSchema = z
  .object({
    key: z.string().regex(TEMPLATE_KEY_PATTERN, 'key must match ^[a-z][a-z0-9]{0,15}$'),
    image: z.string().min(1).max(255),
    display_name: z.string().min(1).max(80),
    description: z.string().max(300).default(''),
    port: z.number().int().min(1).max(65535).default(8080),
    memory: memorySchema.default(parseMemory('512m')),
    cpus: z.number().positive().max(64).default(1),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
    ready_timeout_seconds: z.number().int().min(1).max(600).default(60),
  })
  .strict();

export type Template = z.output<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

/** Bytes from a Docker-style size such as `512m` or `1.5g`. */
export function parseMemory(value: string): number {
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
    },
    {
      key: 'prod',
      image: images.prod,
      display_name: 'Production Container',
      description: 'A Next.js production build with Tailwind CSS and shadcn/ui.',
      memory: '1g',
      cpus: 1,
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
