import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY } from '../runtime/runtime.js';
import { templateSecurity } from './security.js';
import { templateSchema, type TemplateInput } from './template.js';

const minimal: TemplateInput = { key: 'lab', image: 'lab:1', display_name: 'Lab' };

describe('template hardening fields', () => {
  it('confine a template that asks for nothing: no capabilities, read-only root, internet, limits', () => {
    const template = templateSchema.parse(minimal);
    expect(template).toMatchObject({
      cap_add: [],
      read_only: true,
      network: 'internet',
      nofile: 4096,
      pids_limit: 512,
    });
    expect(templateSecurity(template)).toEqual(DEFAULT_SECURITY);
    expect(DEFAULT_SECURITY.tmpfs).toEqual(['/tmp', '/run']);
  });

  it('let one template loosen each point', () => {
    const template = templateSchema.parse({
      ...minimal,
      cap_add: ['NET_BIND_SERVICE', 'CHOWN'],
      read_only: false,
      network: 'none',
      nofile: 8192,
      pids_limit: 1024,
    });
    expect(templateSecurity(template)).toEqual({
      capabilities: ['NET_BIND_SERVICE', 'CHOWN'],
      readOnlyRootFilesystem: false,
      // A writable root needs no tmpfs to write to.
      tmpfs: [],
      pidsLimit: 1024,
      maxOpenFiles: 8192,
      internet: false,
    });
  });

  it.each([
    [{ cap_add: ['ALL'] }, 'cap_add'],
    [{ cap_add: ['CAP_NET_ADMIN'] }, 'cap_add'],
    [{ cap_add: ['net_admin'] }, 'cap_add'],
    [{ network: 'host' }, 'network'],
    [{ read_only: 'no' }, 'read_only'],
    [{ nofile: 10 }, 'nofile'],
    [{ pids_limit: 0 }, 'pids_limit'],
    [{ privileged: true }, ''],
  ])('refuse %o', (fields, path) => {
    const result = templateSchema.safeParse({ ...minimal, ...fields });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.') ?? '').toMatch(new RegExp(`^${path}`));
  });
});
