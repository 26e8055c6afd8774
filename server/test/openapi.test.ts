import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/testApp.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

let t: TestApp;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await startTestApp();
  const res = await fetch(`${t.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
});
afterAll(() => t.close());

describe('the API document', () => {
  it('describes every /api route, each with its answers', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      [
        'GET /api/auth/forward',
        'GET /api/auth/me',
        'GET /api/user/containers',
        'POST /api/auth/logout',
        'POST /api/auth/magic-link',
        'POST /api/auth/verify',
        'POST /api/auth/verify/preview',
        'DELETE /api/auth/me',
        'GET /api/admin/users',
        'POST /api/admin/users',
        'GET /api/admin/users/{id}',
        'POST /api/admin/users/{id}/block',
        'POST /api/admin/users/{id}/unblock',
        'POST /api/admin/users/{id}/admin',
        'DELETE /api/admin/users/{id}/admin',
        'DELETE /api/admin/users/{id}',
        'PUT /api/admin/users/{id}/quota',
        'GET /api/admin/containers',
        'POST /api/admin/containers/{userId}/{type}/stop',
        'DELETE /api/admin/containers/{userId}/{type}',
        'GET /api/admin/audit',
        'POST /api/container/launch/{type}',
        'POST /api/container/{type}/stop',
        'POST /api/container/{type}/restart',
        'DELETE /api/container/{type}',
        'GET /api/container/{type}/logs',
        'GET /api/container/{type}/data.tar',
        'GET /api/container/{type}/progress',
      ].sort(),
    );
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path === '/api/auth/forward') continue; // its answers are Traefik's business
        expect(Object.keys(op.responses), `${method} ${path}`).toContainEqual(
          expect.stringMatching(/^2\d\d$/),
        );
      }
    }
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const url = path.replace(/{(\w+)}/g, ':$1');
        expect(t.app.http.hasRoute({ method: method.toUpperCase(), url }), path).toBe(true);
      }
    }
  });

  it('names the contract’s shapes as shared schemas', () => {
    expect(doc.openapi).toMatch(/^3\./);
    for (const name of ['Container', 'Containers', 'Error', 'Launched', 'Me', 'SignedIn']) {
      expect(doc.components.schemas).toHaveProperty(name);
    }
    expect(doc.paths['/api/user/containers']!.get!.responses).toHaveProperty('200');
  });

  it('serves a readable reference page and its assets from spawner itself', async () => {
    const page = await fetch(`${t.url}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger');
    for (const src of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const url = new URL(src[1]!, `${t.url}/api/docs/`);
      expect(url.origin).toBe(t.url);
    }
  });
});
