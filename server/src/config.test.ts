import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'spawner-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.publicUrl.href).toBe('http://localhost:8080/');
    expect(c.database).toEqual({ kind: 'sqlite', path: './data/spawner.db' });
    expect(c.mailFrom).toBe('spawner@localhost');
    expect(c.idleCheckSeconds).toBe(60);
    expect(c.templates.map((t) => [t.key, t.image, t.display_name, t.port])).toEqual([
      ['dev', 'user-service-template:latest', 'Development Container', 8080],
      ['prod', 'user-template-next:latest', 'Production Container', 8080],
    ]);
  });

  it('reads images, the database kind and admins from the environment', () => {
    const c = loadConfig({
      USER_TEMPLATE_IMAGE_DEV: 'a:1',
      DATABASE_URL: 'postgres://u:p@db/spawner',
      ADMIN_EMAILS: ' Admin@Example.com ,b@c.d',
      PUBLIC_URL: 'https://spawner.example.com',
    });
    expect(c.templates[0]!.image).toBe('a:1');
    expect(c.database.kind).toBe('postgres');
    expect([...c.adminEmails]).toEqual(['admin@example.com', 'b@c.d']);
    expect(c.mailFrom).toBe('spawner@spawner.example.com');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ PUBLIC_URL: 'https://x.example/sub' }, /PUBLIC_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ DOCKER_HOST: '/var/run/docker.sock' }, /DOCKER_HOST/],
    [{ TEMPLATES_FILE: '/nonexistent.yaml' }, /TEMPLATES_FILE/],
    [{ IDLE_CHECK_SECONDS: '0' }, /IDLE_CHECK_SECONDS/],
  ])('names the bad setting in %o', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(pattern);
  });

  it('names every bad setting in one line, not only the first', () => {
    const path = file(
      'bad.json',
      JSON.stringify([{ key: 'launch', image: 'i', display_name: 'A' }]),
    );
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', SMTP_URL: 'http://mail', TEMPLATES_FILE: path });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/SMTP_URL/);
    expect(message).toMatch(/TEMPLATES_FILE at 0.key: key "launch" is reserved/);
    expect(message).not.toContain('\n');
  });

  it('reads any number of templates from YAML', () => {
    const path = file(
      't.yaml',
      'templates:\n  - key: lab\n    image: lab:1\n    display_name: Lab\n    port: 8888\n    memory: 2g\n    cpus: 0.5\n    env: { MODE: x }\n  - key: db\n    image: db:1\n    display_name: DB\n',
    );
    const c = loadConfig({ TEMPLATES_FILE: path });
    expect(c.templates.map((t) => t.key)).toEqual(['lab', 'db']);
    expect(c.templates[0]).toMatchObject({
      port: 8888,
      memory: 2 * 1024 ** 3,
      cpus: 0.5,
      env: { MODE: 'x' },
    });
    expect(c.templates[1]).toMatchObject({ port: 8080, description: '' });
  });

  it('reads templates from JSON, and rejects bad keys and duplicates', () => {
    const ok = file('t.json', JSON.stringify([{ key: 'a1', image: 'i', display_name: 'A' }]));
    expect(loadConfig({ TEMPLATES_FILE: ok }).templates).toHaveLength(1);
    const hyphen = file(
      'h.json',
      JSON.stringify([{ key: 'my-app', image: 'i', display_name: 'A' }]),
    );
    expect(() => loadConfig({ TEMPLATES_FILE: hyphen })).toThrow(/TEMPLATES_FILE at 0.key/);
    const dup = file(
      'd.json',
      JSON.stringify([
        { key: 'a', image: 'i', display_name: 'A' },
        { key: 'a', image: 'j', display_name: 'B' },
      ]),
    );
    expect(() => loadConfig({ TEMPLATES_FILE: dup })).toThrow(/duplicate template key a/);
  });
});

describe('ROUTING and APPS_DOMAIN', () => {
  it('routes by path unless told otherwise', () => {
    expect(loadConfig({}).routing).toEqual({ mode: 'path' });
    expect(loadConfig({ ROUTING: 'subdomain', APPS_DOMAIN: 'Apps.Example.com' }).routing).toEqual({
      mode: 'subdomain',
      appsDomain: 'apps.example.com',
    });
  });

  it.each([
    [{ ROUTING: 'host' }, /ROUTING/],
    [{ ROUTING: 'subdomain' }, /APPS_DOMAIN: required/],
    [{ ROUTING: 'subdomain', APPS_DOMAIN: 'https://apps.example.com' }, /APPS_DOMAIN/],
    [
      {
        ROUTING: 'subdomain',
        APPS_DOMAIN: 'example.com',
        PUBLIC_URL: 'https://spawner.example.com',
      },
      /APPS_DOMAIN: PUBLIC_URL's host/,
    ],
  ])('refuses %o', (env, pattern) => {
    expect(() => loadConfig(env)).toThrow(pattern);
  });
});
