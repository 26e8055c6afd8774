import type { AuditEvent, AuditResponse } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRetentionTask } from '../src/jobs/auditRetentionTask.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

let t: TestApp;
let alice: SignedIn;
let bob: SignedIn;
beforeAll(async () => {
  // Sign-up open to example.com only, so an address elsewhere is refused.
  t = await startTestApp({
    SIGNUP: 'allowlist',
    ALLOWED_EMAIL_DOMAINS: 'example.com',
    AUDIT_RETENTION_DAYS: '30',
  });
  alice = await t.signIn(t.email('alice'));
  bob = await t.signIn(t.email('bob'));
});
afterAll(() => t.close());

/** Every event about the given address (as actor or target), oldest first. */
async function eventsOf(email: string): Promise<AuditEvent[]> {
  await t.app.audit.flush();
  const rows = await t.app.db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) => eb.or([eb('actor_email', '=', email), eb('target_email', '=', email)]))
    .orderBy('id')
    .execute();
  return rows as AuditEvent[];
}

const summary = (events: AuditEvent[]) =>
  events.map((e) => [e.action, e.actor_email, e.target_email, e.target_type, e.outcome]);

describe('the audit log on a real engine, store and SMTP exchange', () => {
  it('records the sign-in: the link asked for (nobody yet) and the session started, with the address', async () => {
    const events = await eventsOf(alice.email);
    expect(summary(events)).toEqual([
      ['magic_link_requested', null, alice.email, null, 'ok'],
      ['sign_in', alice.email, null, null, 'ok'],
    ]);
    for (const event of events) expect(event.ip).toBe('127.0.0.1');
    expect(events[1]!.actor_id).toBe(alice.user.id);
  });

  it('records a refused sign-up, and mails nothing', async () => {
    const stranger = `${t.tag}-stranger@elsewhere.test`;
    const res = await fetch(`${t.url}/api/auth/magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: stranger }),
    });
    expect(res.status).toBe(202);
    expect(summary(await eventsOf(stranger))).toEqual([
      ['signup_refused', null, stranger, null, 'refused'],
    ]);
    expect(t.mail.count(stranger)).toBe(0);
  });

  it('records launch, stop, restart, data download, reset and delete with actor, container, address and outcome', async () => {
    const act = async (method: string, path: string) => {
      const res = await alice.fetch(path, { method });
      expect(res.status, `${method} ${path}`).toBe(200);
    };
    const before = (await eventsOf(alice.email)).length;
    await act('POST', '/api/container/launch/dev');
    await act('POST', '/api/container/dev/stop');
    await act('POST', '/api/container/dev/restart');
    await act('GET', '/api/container/dev/data.tar');
    await act('DELETE', '/api/container/dev');
    await act('DELETE', '/api/container/dev?data=true');
    const unknown = await alice.fetch('/api/container/launch/nosuch', { method: 'POST' });
    expect(unknown.status).toBe(400);
    const events = (await eventsOf(alice.email)).slice(before);
    expect(summary(events)).toEqual([
      ['launch', alice.email, alice.email, 'dev', 'ok'],
      ['stop', alice.email, alice.email, 'dev', 'ok'],
      ['restart', alice.email, alice.email, 'dev', 'ok'],
      ['data_download', alice.email, alice.email, 'dev', 'ok'],
      ['reset', alice.email, alice.email, 'dev', 'ok'],
      ['delete', alice.email, alice.email, 'dev', 'ok'],
      ['launch', alice.email, alice.email, 'nosuch', 'refused'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ actor_id: alice.user.id, target_user_id: alice.user.id });
      expect(event.ip).toBe('127.0.0.1');
      expect(Date.now() - new Date(event.at).getTime()).toBeLessThan(10 * 60_000);
    }
    expect(events[6]!.detail).toMatch(/^unknown_template: /);
  });

  it("records a refused request for another person's app, and not the owner's own", async () => {
    expect((await bob.fetch('/api/container/launch/dev', { method: 'POST' })).status).toBe(200);
    const before = (await eventsOf(bob.email)).length;
    expect((await bob.fetch(`/${bob.user.slug}-dev/`)).status).toBe(200);
    const theirs = await bob.fetch(`/${alice.user.slug}-dev/private`);
    expect(theirs.status).toBe(403);
    const events = (await eventsOf(bob.email)).slice(before);
    // The owner's own request is not there: only refusals are recorded.
    expect(events).toEqual([
      expect.objectContaining({
        action: 'proxy_refused',
        actor_id: bob.user.id,
        actor_email: bob.email,
        target_type: 'dev',
        outcome: 'refused',
        detail: `app ${alice.user.slug}-dev`,
        ip: '127.0.0.1',
      }),
    ]);
  });

  it('records the sign-out with who it was', async () => {
    const carol = await t.signIn(t.email('carol'));
    const res = await fetch(`${t.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: carol.cookie, origin: t.url },
    });
    expect(res.status).toBe(200);
    expect(summary(await eventsOf(carol.email)).at(-1)).toEqual([
      'sign_out',
      carol.email,
      null,
      null,
      'ok',
    ]);
  });
});

describe('GET /api/admin/audit', () => {
  let admin: SignedIn;
  beforeAll(async () => {
    admin = await t.signIn(t.email('admin'));
    await t.app.db
      .updateTable('users')
      .set({ is_admin: 1 })
      .where('id', '=', admin.user.id)
      .execute();
    await t.app.audit.flush();
  });

  async function page(query: string): Promise<AuditResponse> {
    const res = await admin.fetch(`/api/admin/audit${query}`);
    expect(res.status, query).toBe(200);
    return (await res.json()) as AuditResponse;
  }

  it('lists newest first, filtered by actor, action, container type and outcome', async () => {
    const all = await page('');
    const times = all.events.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const launches = await page(`?actor=${encodeURIComponent(alice.email)}&action=launch`);
    expect(launches.events.map((e) => [e.target_type, e.outcome])).toEqual([
      ['nosuch', 'refused'],
      ['dev', 'ok'],
    ]);
    const refused = await page(`?actor=${bob.user.id}&outcome=refused`);
    expect(refused.events.map((e) => e.action)).toEqual(['proxy_refused']);
    expect((await page('?type=dev&action=reset')).events).toHaveLength(1);
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect(await page(`?from=${future}`)).toMatchObject({ events: [], total: 0 });
  });

  it('pages through the matches, counting them all', async () => {
    const query = `?actor=${encodeURIComponent(alice.email)}`;
    const { total } = await page(query);
    // Signed in, launched, stopped, restarted, downloaded, reset, deleted, refused an unknown type.
    expect(total).toBe(8);
    const seen: number[] = [];
    for (let n = 1; n <= Math.ceil(total / 3); n++) {
      const one = await page(`${query}&per_page=3&page=${n}`);
      expect(one).toMatchObject({ total, page: n, per_page: 3 });
      seen.push(...one.events.map((e) => e.id));
    }
    expect(new Set(seen).size).toBe(total);
  });

  it('refuses a person who is not an administrator (403) and nobody (401)', async () => {
    const res = await bob.fetch('/api/admin/audit');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'forbidden' });
    expect((await fetch(`${t.url}/api/admin/audit`)).status).toBe(401);
  });
});

describe('AUDIT_RETENTION_DAYS', () => {
  it('deletes events older than the setting, keeping the newer ones', async () => {
    const day = 24 * 60 * 60_000;
    const old = (days: number) => ({
      at: new Date(Date.now() - days * day).toISOString(),
      action: 'launch',
      outcome: 'ok',
      detail: `${t.tag} retention ${days}`,
    });
    await t.app.db
      .insertInto('audit_events')
      .values([old(31), old(365), old(29)])
      .execute();
    const task = t.app.tasks.find((x): x is AuditRetentionTask => x instanceof AuditRetentionTask)!;
    await task.runOnce();
    const left = await t.app.db
      .selectFrom('audit_events')
      .select('detail')
      .where('detail', 'like', `${t.tag} retention %`)
      .execute();
    expect(left.map((r) => r.detail)).toEqual([`${t.tag} retention 29`]);
    expect((await eventsOf(alice.email)).length).toBeGreaterThan(0);
  });
});
