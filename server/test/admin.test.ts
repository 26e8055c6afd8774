import type { AdminContainersResponse, AdminUser, AdminUsersResponse } from '@spawner/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../src/testing/eventually.js';
import { containersOf, docker } from './helpers/docker.js';
import { tokenFromMail } from './helpers/smtp.js';
import { startTestApp, type SignedIn, type TestApp } from './helpers/testApp.js';

const ROOT = 'root@example.com';
let t: TestApp;
let root: SignedIn;
beforeAll(async () => {
  t = await startTestApp({ ADMIN_EMAILS: ROOT, SIGNUP: 'invite' });
  root = await t.signIn(ROOT);
});
afterAll(() => t.close());

async function asRoot<T>(method: string, path: string, body?: object) {
  const res = await root.fetch(path, {
    method,
    ...(body
      ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
      : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}
/** An invited person, signed in. */
async function invitedUser(): Promise<SignedIn> {
  const email = t.email();
  expect((await asRoot('POST', '/api/admin/users', { email })).status).toBe(201);
  return t.signIn(email);
}
const launch = async (user: SignedIn, type = 'dev') =>
  expect((await user.fetch(`/api/container/launch/${type}`, { method: 'POST' })).status).toBe(200);
const requestLink = (email: string) =>
  fetch(`${t.url}/api/auth/magic-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
const verify = (token: string) =>
  fetch(`${t.url}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
/** The engine's own view of a person's containers and data volumes. */
async function engineObjectsOf(user: SignedIn) {
  const containers = (await containersOf(t.tag)).filter(
    (c) => c.Labels['spawner.user-id'] === String(user.user.id),
  );
  const { Volumes } = await docker.listVolumes({ filters: { label: ['spawner.managed=true'] } });
  const volumes = (Volumes ?? []).filter(
    (v) => v.Name.endsWith(`-${user.user.id}-data`) && v.Name.startsWith(`user-${user.user.slug}-`),
  );
  return { containers, volumes };
}

describe('the admin console on a real engine', () => {
  it('refuses a person who is not an administrator', async () => {
    const ada = await invitedUser();
    expect((await ada.fetch('/api/admin/users')).status).toBe(403);
    expect((await ada.fetch('/api/admin/containers')).status).toBe(403);
    expect((await fetch(`${t.url}/api/admin/users`)).status).toBe(401);
  });

  it('lets an invited address sign in under SIGNUP=invite, and mails a link when asked to', async () => {
    const stranger = t.email('stranger');
    const before = t.mail.mails.length;
    expect((await requestLink(stranger)).status).toBe(202);

    const invited = t.email('invited');
    const made = await asRoot<AdminUser>('POST', '/api/admin/users', {
      email: invited,
      send_link: true,
    });
    expect(made.status).toBe(201);
    const mail = await t.mail.waitFor(invited, before);
    expect((await verify(tokenFromMail(mail))).status).toBe(200);
    // The stranger's link was never sent (the invitation's mail came after it).
    expect(t.mail.count(stranger)).toBe(0);
  });

  it('lists people with their running containers, and every container with its owner', async () => {
    const ada = await invitedUser();
    await launch(ada);
    const users = () => asRoot<AdminUsersResponse>('GET', `/api/admin/users?q=${ada.user.slug}`);
    // Running counts follow the engine's events (the index), which may trail the launch's answer.
    await eventually(async () => (await users()).body.users[0]?.running_containers === 1, 20_000);
    expect((await users()).body.users).toEqual([
      expect.objectContaining({ id: ada.user.id, running_containers: 1, blocked: false }),
    ]);
    const containers = await asRoot<AdminContainersResponse>(
      'GET',
      `/api/admin/containers?q=${ada.user.slug}&status=running`,
    );
    expect(containers.body.containers).toEqual([
      expect.objectContaining({ owner: ada.user, type: 'dev', status: 'running' }),
    ]);
  });

  it('blocks: sessions end at once, containers stop, no link is mailed or honoured; unblock lifts it', async () => {
    const ada = await invitedUser();
    await launch(ada);
    // A link mailed before the block.
    const before = t.mail.mails.length;
    await requestLink(ada.email);
    const earlierLink = tokenFromMail(await t.mail.waitFor(ada.email, before));

    const blocked = await asRoot<AdminUser>('POST', `/api/admin/users/${ada.user.id}/block`);
    expect(blocked.body).toMatchObject({ blocked: true });
    expect((await ada.fetch('/api/auth/me')).status).toBe(401);
    const cookieOnly = await fetch(`${t.url}/api/user/containers`, {
      headers: { cookie: ada.cookie },
    });
    expect(cookieOnly.status).toBe(401);
    const { containers } = await engineObjectsOf(ada);
    expect(containers.map((c) => c.State)).toEqual(['exited']);

    const mailsBefore = t.mail.count(ada.email);
    expect((await requestLink(ada.email)).status).toBe(202);
    expect((await verify(earlierLink)).status).toBe(401);
    // A mail for the other person is the sign that the mailer got past ada's request.
    const other = await invitedUser();
    expect(other.user.id).toBeGreaterThan(0);
    expect(t.mail.count(ada.email)).toBe(mailsBefore);

    expect((await asRoot('POST', `/api/admin/users/${ada.user.id}/unblock`)).status).toBe(200);
    const again = await t.signIn(ada.email);
    expect((await again.fetch('/api/auth/me')).status).toBe(200);
  });

  it("never lets an administrator into another person's app", async () => {
    const ada = await invitedUser();
    await launch(ada);
    const res = await root.fetch(`/${ada.user.slug}-dev/`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('echo');
  });

  it('stops and removes a container for its owner, the data volume only when asked', async () => {
    const ada = await invitedUser();
    await launch(ada);
    const base = `/api/admin/containers/${ada.user.id}/dev`;
    expect((await asRoot('POST', `${base}/stop`)).body).toEqual({ status: 'stopped' });
    expect((await engineObjectsOf(ada)).containers.map((c) => c.State)).toEqual(['exited']);
    expect((await asRoot('DELETE', base)).body).toEqual({ status: 'not_created' });
    const kept = await engineObjectsOf(ada);
    expect([kept.containers.length, kept.volumes.length]).toEqual([0, 1]);
    expect((await asRoot('DELETE', `${base}?data=true`)).status).toBe(200);
    expect((await engineObjectsOf(ada)).volumes).toEqual([]);
  });

  it('deletes a person with their containers and data volumes', async () => {
    const ada = await invitedUser();
    await launch(ada, 'dev');
    await launch(ada, 'prod');
    expect((await engineObjectsOf(ada)).containers).toHaveLength(2);
    expect((await asRoot('DELETE', `/api/admin/users/${ada.user.id}`)).status).toBe(200);
    expect(await engineObjectsOf(ada)).toEqual({ containers: [], volumes: [] });
    expect((await ada.fetch('/api/auth/me')).status).toBe(401);
    expect((await asRoot('GET', `/api/admin/users/${ada.user.id}`)).status).toBe(404);
  });

  it('lets a person delete their own account, engine objects included', async () => {
    const ada = await invitedUser();
    await launch(ada);
    const res = await ada.fetch('/api/auth/me', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await engineObjectsOf(ada)).toEqual({ containers: [], volumes: [] });
    expect((await ada.fetch('/api/auth/me')).status).toBe(401);
    // Gone means gone: under SIGNUP=invite the address is a stranger again.
    const before = t.mail.mails.length;
    await requestLink(ada.email);
    await invitedUser();
    expect(t.mail.mails.slice(before).some((m) => m.to.includes(ada.email))).toBe(false);
  });
});
