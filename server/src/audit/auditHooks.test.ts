import type { AuditEvent, AuditResponse } from '@spawner/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionService } from '../auth/sessions.js';
import { AuditEvents } from './auditEvents.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';

let p: FakePlatform;
let ada: string;
let bob: { id: number; slug: string; token: string };
beforeEach(async () => {
  p = await startFakePlatform(
    { prod: { app: 'crashes' } },
    { ADMIN_EMAILS: 'root@example.com', SIGNUP: 'invite', AUDIT_RETENTION_DAYS: '30' },
  );
  const sessions = new SessionService(p.db);
  ada = await sessions.create(p.owner.id);
  const bobRow = await p.users.findOrCreate('bob@example.com');
  bob = { ...bobRow, token: await sessions.create(bobRow.id) };
});
afterEach(() => p.close());

const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(token: string, method: 'GET' | 'POST' | 'DELETE', url: string) {
  return p.http.inject({ method, url, headers: as(token) });
}

/** Every stored event, oldest first, once those of finished requests are written. */
async function stored(): Promise<AuditEvent[]> {
  await p.audit.flush();
  return (await new AuditEvents(p.db).list({ page: 1, per_page: 200 })).events.reverse();
}

describe('what the routes record', () => {
  it('records launch, stop, restart, reset, delete and data download with actor, target, ip and outcome', async () => {
    expect((await call(ada, 'POST', '/api/container/launch/dev')).statusCode).toBe(200);
    expect((await call(ada, 'POST', '/api/container/dev/stop')).statusCode).toBe(200);
    expect((await call(ada, 'POST', '/api/container/dev/restart')).statusCode).toBe(200);
    expect((await call(ada, 'GET', '/api/container/dev/data.tar')).statusCode).toBe(200);
    expect((await call(ada, 'DELETE', '/api/container/dev')).statusCode).toBe(200);
    expect((await call(ada, 'DELETE', '/api/container/dev?data=true')).statusCode).toBe(200);
    const events = await stored();
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ['launch', 'ok'],
      ['stop', 'ok'],
      ['restart', 'ok'],
      ['data_download', 'ok'],
      ['reset', 'ok'],
      ['delete', 'ok'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        actor_id: p.owner.id,
        actor_email: 'ada@example.com',
        target_user_id: p.owner.id,
        target_email: 'ada@example.com',
        target_type: 'dev',
        ip: '127.0.0.1',
      });
    }
  });

  it('records a failed launch as failed, a refused one as refused, and an anonymous one not at all', async () => {
    expect(
      (await call(ada, 'POST', '/api/container/launch/prod')).statusCode,
    ).toBeGreaterThanOrEqual(500);
    expect((await call(ada, 'POST', '/api/container/launch/nosuch')).statusCode).toBe(400);
    expect(
      (await p.http.inject({ method: 'POST', url: '/api/container/launch/dev' })).statusCode,
    ).toBe(401);
    const events = await stored();
    expect(events.map((e) => [e.action, e.target_type, e.outcome])).toEqual([
      ['launch', 'prod', 'failed'],
      ['launch', 'nosuch', 'refused'],
    ]);
    expect(events[0]!.detail).toMatch(/^app_exited: /);
    expect(events[1]!.detail).toMatch(/^unknown_template: /);
  });

  it('records a refused sign-up with the address, and sign-out with who it was', async () => {
    const refused = await p.http.inject({
      method: 'POST',
      url: '/api/auth/magic-link',
      payload: { email: 'stranger@else.example' },
    });
    expect(refused.statusCode).toBe(202);
    const known = await p.http.inject({
      method: 'POST',
      url: '/api/auth/magic-link',
      payload: { email: 'ada@example.com' },
    });
    expect(known.statusCode).toBe(202);
    expect((await call(ada, 'POST', '/api/auth/logout')).statusCode).toBe(200);
    // A second sign-out with the same (now ended) session is nobody's.
    expect((await call(ada, 'POST', '/api/auth/logout')).statusCode).toBe(200);
    expect(
      (await stored()).map((e) => [e.action, e.actor_email, e.target_email, e.outcome]),
    ).toEqual([
      ['signup_refused', null, 'stranger@else.example', 'refused'],
      ['magic_link_requested', null, 'ada@example.com', 'ok'],
      ['sign_out', 'ada@example.com', null, 'ok'],
    ]);
  });

  it("records forward auth refusing someone else's app, not the owner's own requests", async () => {
    const forward = (token: string, uri: string) =>
      p.http.inject({
        method: 'GET',
        url: '/api/auth/forward',
        headers: {
          ...as(token),
          'x-forwarded-host': p.config.publicUrl.host,
          'x-forwarded-uri': uri,
        },
      });
    expect((await forward(bob.token, `/${p.owner.slug}-dev/secret`)).statusCode).toBe(403);
    expect((await forward(ada, `/${p.owner.slug}-dev/`)).statusCode).toBe(200);
    expect(await stored()).toEqual([
      expect.objectContaining({
        actor_id: bob.id,
        actor_email: 'bob@example.com',
        action: 'proxy_refused',
        target_type: 'dev',
        outcome: 'refused',
        detail: `app ${p.owner.slug}-dev`,
        ip: '127.0.0.1',
      }),
    ]);
  });
});

describe('GET /api/admin/audit', () => {
  let root: string;
  beforeEach(async () => {
    const admin = await p.users.findOrCreate('root@example.com');
    // ADMIN_EMAILS grants the flag at start; set here too, whichever way the check reads it.
    await p.db.updateTable('users').set({ is_admin: 1 }).where('id', '=', admin.id).execute();
    root = await new SessionService(p.db).create(admin.id);
    await call(ada, 'POST', '/api/container/launch/dev');
    await call(ada, 'POST', '/api/container/dev/stop');
    await call(bob.token, 'POST', '/api/container/launch/dev');
    await p.audit.flush();
  });

  const page = async (query: string) => {
    const res = await call(root, 'GET', `/api/admin/audit${query}`);
    expect(res.statusCode).toBe(200);
    return res.json<AuditResponse>();
  };

  it('answers administrators, newest first, with filters and pages', async () => {
    const all = await page('');
    expect(all).toMatchObject({ total: 3, page: 1, per_page: 50 });
    expect(all.events.map((e) => [e.actor_email, e.action])).toEqual([
      ['bob@example.com', 'launch'],
      ['ada@example.com', 'stop'],
      ['ada@example.com', 'launch'],
    ]);
    expect((await page('?actor=ada')).total).toBe(2);
    expect((await page(`?actor=${bob.id}`)).events.map((e) => e.actor_email)).toEqual([
      'bob@example.com',
    ]);
    expect((await page('?action=launch&type=dev&outcome=ok')).total).toBe(2);
    expect((await page('?outcome=failed')).total).toBe(0);
    const second = await page('?per_page=2&page=2');
    expect(second).toMatchObject({ total: 3, page: 2, per_page: 2 });
    expect(second.events.map((e) => e.action)).toEqual(['launch']);
    expect(
      (await page(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`))
        .total,
    ).toBe(0);
  });

  it('refuses everyone else: 401 without credentials, 403 for a person who is not an administrator', async () => {
    expect((await p.http.inject({ method: 'GET', url: '/api/admin/audit' })).statusCode).toBe(401);
    const refused = await call(ada, 'GET', '/api/admin/audit');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'forbidden' });
  });

  it('answers a bad filter with 400', async () => {
    for (const query of [
      '?action=dance',
      '?per_page=0',
      '?per_page=1000',
      '?from=yesterday',
      '?page=x',
    ]) {
      expect((await call(root, 'GET', `/api/admin/audit${query}`)).statusCode, query).toBe(400);
    }
  });
});

describe('retention (AUDIT_RETENTION_DAYS)', () => {
  it('deletes events older than the setting and keeps the rest', async () => {
    const day = 24 * 60 * 60_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    await p.db
      .insertInto('audit_events')
      .values(
        [31, 29, 400].map((daysAgo) => ({ at: at(daysAgo), action: 'launch', outcome: 'ok' })),
      )
      .execute();
    const task = p.tasks.find((t) => t.name === 'audit-retention');
    await task!.runOnce();
    const left = await p.db.selectFrom('audit_events').select('at').execute();
    expect(left).toHaveLength(1);
    expect(Date.now() - new Date(left[0]!.at).getTime()).toBeLessThan(30 * day);
  });

  it('keeps everything with 0: no retention job runs', async () => {
    const forever = await startFakePlatform({}, { AUDIT_RETENTION_DAYS: '0' });
    try {
      expect(forever.tasks.map((t) => t.name)).not.toContain('audit-retention');
      expect(p.tasks.map((t) => t.name)).toContain('audit-retention');
    } finally {
      await forever.close();
    }
  });
});
