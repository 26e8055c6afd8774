import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database.js';
import { NotOwnerError, RuntimeError } from '../errors.js';
import { eventually } from '../testing/eventually.js';
import { silentLog } from '../testing/fakePlatform.js';
import { AuditEvents } from './auditEvents.js';
import { AuditLog, type AuditEntry } from './auditLog.js';
import { clientAddressOf } from './clientAddress.js';

let db: Db;
let audit: AuditLog;
let events: AuditEvents;
beforeEach(async () => {
  db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
  audit = new AuditLog({ db, log: silentLog });
  events = new AuditEvents(db);
});
afterEach(() => db.destroy());

const ada = { id: 1, email: 'ada@example.com' };
const bob = { id: 2, email: 'bob_x@example.com' };
const everything = { page: 1, per_page: 50 };

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return { actor: ada, action: 'launch', ip: '127.0.0.1', outcome: 'ok', ...overrides };
}

/** Stores an event at a given time, as if recorded then. */
async function storeAt(at: string, overrides: Partial<AuditEntry> = {}): Promise<void> {
  audit.record(entry(overrides));
  await audit.flush();
  const { id } = await db
    .selectFrom('audit_events')
    .select('id')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await db.updateTable('audit_events').set({ at }).where('id', '=', id).execute();
}

describe('AuditLog', () => {
  it('writes nothing while the caller runs, then every entry of the tick in one go', async () => {
    audit.record(entry({ action: 'launch', target: { userId: 1, email: ada.email, type: 'dev' } }));
    audit.record(entry({ action: 'stop', outcome: 'failed', detail: 'engine away' }));
    expect((await events.list(everything)).total).toBe(0);
    await audit.flush();
    const { events: stored, total } = await events.list(everything);
    expect(total).toBe(2);
    expect(stored[1]).toMatchObject({
      actor_id: 1,
      actor_email: 'ada@example.com',
      action: 'launch',
      target_user_id: 1,
      target_email: 'ada@example.com',
      target_type: 'dev',
      ip: '127.0.0.1',
      outcome: 'ok',
      detail: null,
    });
    expect(stored[0]).toMatchObject({ action: 'stop', outcome: 'failed', detail: 'engine away' });
    expect(new Date(stored[0]!.at).toISOString()).toBe(stored[0]!.at);
  });

  it('writes on its own soon after, without flush', async () => {
    audit.record(entry());
    await eventually(async () => (await events.list(everything)).total === 1);
  });

  it('keeps nobody as the actor, and cuts a long detail to a sentence', async () => {
    audit.record(entry({ actor: null, action: 'signup_refused', detail: 'x'.repeat(5000) }));
    await audit.flush();
    const [stored] = (await events.list(everything)).events;
    expect(stored).toMatchObject({ actor_id: null, actor_email: null, outcome: 'ok' });
    expect(stored!.detail).toHaveLength(1000);
  });

  it('never throws at the caller when the store fails, and logs what was lost', async () => {
    const lines: string[] = [];
    const broken = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    await broken.destroy();
    const log = pino({}, { write: (line: string) => void lines.push(line) });
    const failing = new AuditLog({ db: broken, log });
    expect(() => failing.record(entry({ action: 'sign_in' }))).not.toThrow();
    await failing.flush();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 50,
      msg: 'audit events could not be stored',
      events: [expect.objectContaining({ action: 'sign_in', actor_email: 'ada@example.com' })],
    });
  });

  it('records how an act ended: ok, refused by a rule, or failed', async () => {
    const base = { actor: ada, action: 'launch' as const, ip: '::1' };
    await expect(audit.around(base, () => Promise.resolve(7))).resolves.toBe(7);
    await expect(audit.around(base, () => Promise.reject(new NotOwnerError()))).rejects.toThrow(
      NotOwnerError,
    );
    const broken = new RuntimeError('the engine said no');
    await expect(audit.around(base, () => Promise.reject(broken))).rejects.toBe(broken);
    await audit.flush();
    const stored = (await events.list(everything)).events.reverse();
    expect(stored.map((e) => [e.outcome, e.detail])).toEqual([
      ['ok', null],
      ['refused', 'forbidden: This container belongs to someone else.'],
      ['failed', 'runtime_error: the engine said no'],
    ]);
  });
});

describe('AuditEvents', () => {
  beforeEach(async () => {
    await storeAt('2026-01-01T10:00:00.000Z', { action: 'sign_in' });
    await storeAt('2026-01-02T10:00:00.000Z', { target: { type: 'dev' } });
    await storeAt('2026-01-03T10:00:00.000Z', {
      actor: bob,
      action: 'proxy_refused',
      outcome: 'refused',
      target: { type: 'prod' },
    });
    await storeAt('2026-01-04T10:00:00.000Z', { actor: null, action: 'signup_refused' });
  });

  const actions = async (query: Partial<Parameters<AuditEvents['list']>[0]>) =>
    (await events.list({ ...everything, ...query })).events.map((e) => e.action);

  it('lists newest first and filters by actor, action, type, outcome and time', async () => {
    expect(await actions({})).toEqual(['signup_refused', 'proxy_refused', 'launch', 'sign_in']);
    expect(await actions({ actor: '2' })).toEqual(['proxy_refused']);
    expect(await actions({ actor: 'ADA@' })).toEqual(['launch', 'sign_in']);
    // `_` is a letter here, not LIKE's wildcard.
    expect(await actions({ actor: 'b_x' })).toEqual(['proxy_refused']);
    expect(await actions({ actor: 'a_a' })).toEqual([]);
    expect(await actions({ action: 'sign_in' })).toEqual(['sign_in']);
    expect(await actions({ type: 'dev' })).toEqual(['launch']);
    expect(await actions({ outcome: 'refused' })).toEqual(['proxy_refused']);
    expect(
      await actions({ from: '2026-01-02T10:00:00.000Z', to: '2026-01-04T10:00:00.000Z' }),
    ).toEqual(['proxy_refused', 'launch']);
    // The same instant written in another offset.
    expect(await actions({ from: '2026-01-03T12:00:00+02:00' })).toEqual([
      'signup_refused',
      'proxy_refused',
    ]);
  });

  it('pages, counting every match', async () => {
    const first = await events.list({ page: 1, per_page: 3 });
    const second = await events.list({ page: 2, per_page: 3 });
    expect(first).toMatchObject({ total: 4, page: 1, per_page: 3 });
    expect(first.events).toHaveLength(3);
    expect(second.events.map((e) => e.action)).toEqual(['sign_in']);
    expect((await events.list({ page: 3, per_page: 3 })).events).toEqual([]);
  });

  it('deletes the events before a time, and only those', async () => {
    expect(await events.deleteBefore(new Date('2026-01-03T00:00:00.000Z'))).toBe(2);
    expect(await actions({})).toEqual(['signup_refused', 'proxy_refused']);
    expect(await events.deleteBefore(new Date('2026-01-03T00:00:00.000Z'))).toBe(0);
  });
});

describe('clientAddressOf', () => {
  const trustsLoopback = (address: string) => address === '127.0.0.1';
  const request = (remoteAddress: string | undefined, xff?: string) => ({
    socket: { remoteAddress } as never,
    headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
  });

  it('takes the peer when it is no trusted proxy, whatever the request claims', () => {
    expect(clientAddressOf(request('192.0.2.9', '198.51.100.1'), trustsLoopback)).toBe('192.0.2.9');
  });

  it('walks back through trusted proxies only', () => {
    expect(clientAddressOf(request('127.0.0.1', '198.51.100.1'), trustsLoopback)).toBe(
      '198.51.100.1',
    );
    // The client put the first entry there itself; the proxy appended the address it saw.
    expect(clientAddressOf(request('127.0.0.1', '203.0.113.7, 192.0.2.9'), trustsLoopback)).toBe(
      '192.0.2.9',
    );
    expect(clientAddressOf(request('127.0.0.1'), trustsLoopback)).toBe('127.0.0.1');
    expect(clientAddressOf(request(undefined), trustsLoopback)).toBeNull();
  });
});
