import type {
  AdminContainersResponse,
  AdminUser,
  AdminUsersResponse,
  ErrorBody,
} from '@spawner/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionService } from '../auth/sessions.js';
import { volumeName } from '../containers/identity.js';
import type { UserRow } from '../db/schema.js';
import { startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';

let p: FakePlatform;
let sessions: SessionService;
let root: UserRow;
let rootToken: string;
let adaToken: string;

beforeEach(async () => {
  p = await startFakePlatform({}, { ADMIN_EMAILS: 'root@example.com' });
  sessions = new SessionService(p.db);
  root = (await p.users.findByEmail('root@example.com'))!;
  rootToken = await sessions.create(root.id);
  adaToken = await sessions.create(p.owner.id);
});
afterEach(() => p.close());

async function call(
  token: string | undefined,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  payload?: object,
) {
  const res = await p.http.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(payload ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json<unknown>(), headers: res.headers };
}
const asRoot = async <T>(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
  const res = await call(rootToken, method, url, payload);
  return { ...res, body: res.body as T };
};
const ours = (userId: number) => p.runtime.list({ userId });
const volumes = async () => (await p.runtime.listVolumes()).map((v) => v.name);

/** Every admin route, with a valid body where one is needed. */
const adminRoutes = (id: number) =>
  [
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users', { email: 'new@example.com' }],
    ['GET', `/api/admin/users/${id}`],
    ['POST', `/api/admin/users/${id}/block`],
    ['POST', `/api/admin/users/${id}/unblock`],
    ['POST', `/api/admin/users/${id}/admin`],
    ['DELETE', `/api/admin/users/${id}/admin`],
    ['DELETE', `/api/admin/users/${id}`],
    ['GET', '/api/admin/containers'],
    ['POST', `/api/admin/containers/${id}/dev/stop`],
    ['DELETE', `/api/admin/containers/${id}/dev?data=true`],
  ] as const;

describe('who may use the admin API', () => {
  it('knows ADMIN_EMAILS as administrators from the start, and says so in /api/auth/me', async () => {
    expect(root.is_admin).toBe(1);
    expect((await call(rootToken, 'GET', '/api/auth/me')).body).toMatchObject({ is_admin: true });
    expect((await call(adaToken, 'GET', '/api/auth/me')).body).toMatchObject({ is_admin: false });
  });

  it('answers 401 without credentials and 403 to a person who is not an administrator, changing nothing', async () => {
    await p.containers.launch(p.owner, 'dev');
    for (const [method, url, payload] of adminRoutes(p.owner.id)) {
      const anonymous = await call(undefined, method, url, payload);
      expect(anonymous.status, `${method} ${url}`).toBe(401);
      const refused = await call(adaToken, method, url, payload);
      expect(refused.status, `${method} ${url}`).toBe(403);
      expect((refused.body as ErrorBody).error).toBe('forbidden');
    }
    // A malformed request from a non-admin is refused before its input is looked at.
    expect((await call(adaToken, 'GET', '/api/admin/users?page=x')).status).toBe(403);
    expect((await ours(p.owner.id)).map((c) => c.state)).toEqual(['running']);
    expect(await p.users.findByEmail('new@example.com')).toBeUndefined();
  });
});

describe('the users list', () => {
  beforeEach(async () => {
    for (const name of ['carol', 'bob', 'dave', 'eve_x', 'eve%y']) {
      await p.users.findOrCreate(`${name}@corp.example`);
    }
  });

  it('searches email and slug, sorts and pages', async () => {
    const all = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?per_page=3');
    expect(all.body.total).toBe(7);
    expect(all.body.users.map((u) => u.email)).toEqual([
      'ada@example.com',
      'bob@corp.example',
      'carol@corp.example',
    ]);
    const third = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?per_page=3&page=3');
    expect(third.body.users.map((u) => u.email)).toEqual(['root@example.com']);

    const desc = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?order=desc&per_page=2');
    expect(desc.body.users.map((u) => u.email)).toEqual(['root@example.com', 'eve_x@corp.example']);

    const corp = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?q=CORP');
    expect(corp.body.total).toBe(5);
    // % and _ are searched for as themselves.
    const percent = await asRoot<AdminUsersResponse>(
      'GET',
      `/api/admin/users?q=${encodeURIComponent('%')}`,
    );
    expect(percent.body.users.map((u) => u.email)).toEqual(['eve%y@corp.example']);
    const underscore = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?q=e_x');
    expect(underscore.body.users.map((u) => u.email)).toEqual(['eve_x@corp.example']);
    // The slug is searched too: eve%y's slug is eve-y.
    const slug = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?q=eve-y');
    expect(slug.body.users.map((u) => u.slug)).toEqual(['eve-y']);
  });

  it('sorts by last seen, never-seen people as the longest unseen', async () => {
    const seen = await asRoot<AdminUsersResponse>(
      'GET',
      '/api/admin/users?sort=last_seen&order=desc&per_page=2',
    );
    // Both were seen when their sessions were made; root again just now, asking.
    expect(seen.body.users.map((u) => u.email)).toEqual(['root@example.com', 'ada@example.com']);
    expect(seen.body.users[0]!.last_seen).not.toBeNull();
    const unseen = await asRoot<AdminUsersResponse>(
      'GET',
      '/api/admin/users?sort=last_seen&per_page=1',
    );
    expect(unseen.body.users[0]!.last_seen).toBeNull();
  });

  it('counts running containers from the index and refuses bad parameters', async () => {
    await p.containers.launch(p.owner, 'dev');
    await p.containers.launch(p.owner, 'prod');
    await p.containers.stop(p.owner, 'prod');
    const list = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?q=ada');
    expect(list.body.users).toEqual([
      expect.objectContaining({
        email: 'ada@example.com',
        running_containers: 1,
        blocked: false,
        is_admin: false,
      }),
    ]);
    for (const query of ['sort=name', 'order=up', 'page=0', 'per_page=201']) {
      expect((await asRoot('GET', `/api/admin/users?${query}`)).status, query).toBe(400);
    }
  });

  it('pages through 10,000 people correctly', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const n = String(i).padStart(5, '0');
      return {
        email: `p${n}@many.example`,
        slug: `p${n}`,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      };
    });
    for (let i = 0; i < rows.length; i += 1000) {
      await p.db
        .insertInto('users')
        .values(rows.slice(i, i + 1000))
        .execute();
    }
    const last = await asRoot<AdminUsersResponse>(
      'GET',
      '/api/admin/users?q=many&per_page=200&page=50',
    );
    expect(last.body.total).toBe(10_000);
    expect(last.body.users).toHaveLength(200);
    expect(last.body.users[0]!.email).toBe('p09800@many.example');
    expect(last.body.users.at(-1)!.email).toBe('p09999@many.example');
    const newest = await asRoot<AdminUsersResponse>(
      'GET',
      '/api/admin/users?q=many&sort=created&order=desc&per_page=1',
    );
    expect(newest.body.users[0]!.email).toBe('p09999@many.example');
    const one = await asRoot<AdminUsersResponse>('GET', '/api/admin/users?q=p0424');
    expect(one.body.users.map((u) => u.email)).toEqual(
      Array.from({ length: 10 }, (_, i) => `p0424${i}@many.example`),
    );
  });
});

describe('blocking', () => {
  it('ends the sessions at once, stops the containers, and lifts with unblock', async () => {
    await p.containers.launch(p.owner, 'dev');
    expect((await call(adaToken, 'GET', '/api/auth/me')).status).toBe(200);
    const blocked = await asRoot<AdminUser>('POST', `/api/admin/users/${p.owner.id}/block`);
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ blocked: true, running_containers: 0 });
    // The session was just used (and remembered): it still ends at once.
    expect((await call(adaToken, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await ours(p.owner.id)).map((c) => c.state)).toEqual(['stopped']);
    expect(
      await p.db.selectFrom('sessions').where('user_id', '=', p.owner.id).selectAll().execute(),
    ).toEqual([]);
    // A session made anyway (a race with the block) gives no access.
    expect((await call(await sessions.create(p.owner.id), 'GET', '/api/auth/me')).status).toBe(401);

    const unblocked = await asRoot<AdminUser>('POST', `/api/admin/users/${p.owner.id}/unblock`);
    expect(unblocked.body.blocked).toBe(false);
    expect((await call(await sessions.create(p.owner.id), 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('refuses to block yourself or an unknown person', async () => {
    expect((await asRoot('POST', `/api/admin/users/${root.id}/block`)).status).toBe(400);
    expect((await asRoot('POST', '/api/admin/users/99999/block')).status).toBe(404);
    expect((await asRoot('POST', '/api/admin/users/abc/block')).status).toBe(400);
  });
});

describe('administrators', () => {
  it('grants and revokes the flag, at once, but never takes away the last administrator', async () => {
    const lastOne = await asRoot<ErrorBody>('DELETE', `/api/admin/users/${root.id}/admin`);
    expect(lastOne.status).toBe(409);
    expect(lastOne.body.error).toBe('last_admin');
    expect((await asRoot('DELETE', `/api/admin/users/${root.id}`)).status).toBe(409);

    // ada's session is remembered as a non-admin; the grant counts anyway.
    expect((await call(adaToken, 'GET', '/api/admin/users')).status).toBe(403);
    const granted = await asRoot<AdminUser>('POST', `/api/admin/users/${p.owner.id}/admin`);
    expect(granted.body.is_admin).toBe(true);
    expect((await call(adaToken, 'GET', '/api/admin/users')).status).toBe(200);

    // With two, root may step down, and loses access at once.
    expect((await asRoot('DELETE', `/api/admin/users/${root.id}/admin`)).status).toBe(200);
    expect((await call(rootToken, 'GET', '/api/admin/users')).status).toBe(403);
    expect((await call(adaToken, 'DELETE', `/api/admin/users/${p.owner.id}/admin`)).status).toBe(
      409,
    );
  });
});

describe('containers', () => {
  it('lists every container with owner, filters by owner, template and status, and pages', async () => {
    const bob = await p.users.findOrCreate('bob@example.com');
    await p.containers.launch(p.owner, 'dev');
    await p.containers.launch(p.owner, 'prod');
    await p.containers.launch(bob, 'dev');
    await p.containers.stop(bob, 'dev');
    const all = await asRoot<AdminContainersResponse>('GET', '/api/admin/containers');
    expect(all.body.total).toBe(3);
    expect(all.body.containers[0]).toMatchObject({
      owner: { id: p.owner.id, email: 'ada@example.com', slug: 'ada' },
      type: 'dev',
      status: 'running',
    });
    expect(all.body.containers[0]!.created_at).not.toBeNull();
    const stopped = await asRoot<AdminContainersResponse>(
      'GET',
      '/api/admin/containers?status=stopped',
    );
    expect(stopped.body.containers.map((c) => [c.owner.email, c.type])).toEqual([
      ['bob@example.com', 'dev'],
    ]);
    const dev = await asRoot<AdminContainersResponse>(
      'GET',
      '/api/admin/containers?type=dev&order=desc',
    );
    expect(dev.body.containers.map((c) => c.owner.email)).toEqual([
      'bob@example.com',
      'ada@example.com',
    ]);
    const page2 = await asRoot<AdminContainersResponse>(
      'GET',
      '/api/admin/containers?q=ada&per_page=1&page=2',
    );
    expect(page2.body).toMatchObject({ total: 2, page: 2, per_page: 1 });
    expect(page2.body.containers.map((c) => c.type)).toEqual(['prod']);
  });

  it("stops and removes a person's container, keeping the data unless asked", async () => {
    await p.containers.launch(p.owner, 'dev');
    const url = `/api/admin/containers/${p.owner.id}/dev`;
    expect((await asRoot('POST', `${url}/stop`)).body).toEqual({ status: 'stopped' });
    expect((await ours(p.owner.id)).map((c) => c.state)).toEqual(['stopped']);
    expect((await asRoot('DELETE', url)).body).toEqual({ status: 'not_created' });
    expect(await ours(p.owner.id)).toEqual([]);
    expect(await volumes()).toContain(volumeName(p.owner, 'dev'));
    expect((await asRoot('DELETE', `${url}?data=true`)).body).toEqual({ status: 'not_created' });
    expect(await volumes()).not.toContain(volumeName(p.owner, 'dev'));
    expect((await asRoot('POST', `/api/admin/containers/${p.owner.id}/nope/stop`)).status).toBe(
      400,
    );
    expect((await asRoot('POST', '/api/admin/containers/99999/dev/stop')).status).toBe(404);
  });
});

describe('deleting people', () => {
  it('removes the person with their containers, volumes and sessions', async () => {
    await p.containers.launch(p.owner, 'dev');
    await p.containers.launch(p.owner, 'prod');
    await p.containers.remove(p.owner, 'prod', { data: false }); // a volume without a container
    const res = await asRoot('DELETE', `/api/admin/users/${p.owner.id}`);
    expect(res.status).toBe(200);
    expect(await ours(p.owner.id)).toEqual([]);
    expect((await volumes()).filter((v) => v.includes(`-${p.owner.id}-`))).toEqual([]);
    expect(await p.users.findById(p.owner.id)).toBeUndefined();
    expect((await call(adaToken, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await asRoot('GET', `/api/admin/users/${p.owner.id}`)).status).toBe(404);
  });

  it('lets a person delete their own account', async () => {
    await p.containers.launch(p.owner, 'dev');
    const res = await call(adaToken, 'DELETE', '/api/auth/me');
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^spawner_session=;/);
    expect(await ours(p.owner.id)).toEqual([]);
    expect(await volumes()).not.toContain(volumeName(p.owner, 'dev'));
    expect(await p.users.findById(p.owner.id)).toBeUndefined();
    expect((await call(adaToken, 'GET', '/api/auth/me')).status).toBe(401);
    // The last administrator cannot leave without a successor.
    expect((await call(rootToken, 'DELETE', '/api/auth/me')).status).toBe(409);
    expect((await call(undefined, 'DELETE', '/api/auth/me')).status).toBe(401);
  });
});

describe('invitations', () => {
  it('makes the account (201), and answers 200 for a known address', async () => {
    const made = await asRoot<AdminUser>('POST', '/api/admin/users', {
      email: ' New@Example.com ',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ email: 'new@example.com', slug: 'new', blocked: false });
    const again = await asRoot<AdminUser>('POST', '/api/admin/users', { email: 'new@example.com' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(made.body.id);
    expect((await p.users.findByEmail('new@example.com'))!.invited_at).not.toBeNull();
    expect((await asRoot('POST', '/api/admin/users', { email: 'not an address' })).status).toBe(
      400,
    );
  });
});

describe('the audit log', () => {
  it('records admin actions with actor, target and outcome', async () => {
    await asRoot('POST', `/api/admin/users/${p.owner.id}/block`);
    await asRoot('DELETE', `/api/admin/users/${root.id}/admin`);
    const asked = await call(undefined, 'POST', '/api/auth/magic-link', {
      email: 'ada@example.com',
    });
    expect(asked.status).toBe(202);
    await p.audit.flush();
    const events = await p.db
      .selectFrom('audit_events')
      .select(['action', 'actor_email', 'target_email', 'outcome'])
      .where((eb) => eb.or([eb('action', 'like', 'admin_%'), eb('action', '=', 'sign_in_refused')]))
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      {
        action: 'admin_block',
        actor_email: 'root@example.com',
        target_email: 'ada@example.com',
        outcome: 'ok',
      },
      {
        action: 'admin_revoke',
        actor_email: 'root@example.com',
        target_email: 'root@example.com',
        outcome: 'refused',
      },
      {
        action: 'sign_in_refused',
        actor_email: null,
        target_email: 'ada@example.com',
        outcome: 'refused',
      },
    ]);
  });
});
