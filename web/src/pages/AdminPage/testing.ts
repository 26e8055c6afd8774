import type { AdminContainer, AdminUser, AuditEvent } from '@spawner/api';

/** Builders of the admin API's rows, for the admin console's tests. */
export function buildAdminUser(overrides: Partial<AdminUser> = {}): AdminUser {
  return {
    id: 2,
    email: 'bob@example.com',
    slug: 'bob',
    created_at: '2026-11-01T10:00:00.000Z',
    last_seen: null,
    running_containers: 1,
    blocked: false,
    is_admin: false,
    ...overrides,
  };
}

export function buildAdminContainer(overrides: Partial<AdminContainer> = {}): AdminContainer {
  return {
    owner: { id: 2, email: 'bob@example.com', slug: 'bob' },
    type: 'dev',
    status: 'running',
    container_id: 'abc',
    created_at: '2026-11-01T10:00:00.000Z',
    last_used: '2026-11-02T10:00:00.000Z',
    ...overrides,
  };
}

export function buildAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 1,
    at: '2026-11-02T10:00:00.000Z',
    actor_id: 1,
    actor_email: 'admin@example.com',
    action: 'admin_block',
    target_user_id: 2,
    target_email: 'bob@example.com',
    target_type: null,
    ip: '127.0.0.1',
    outcome: 'ok',
    detail: null,
    ...overrides,
  };
}

export const adminMe = {
  status: 200,
  body: { user: { id: 1, email: 'admin@example.com', slug: 'admin', is_admin: true } },
};
export const userMe = {
  status: 200,
  body: { user: { id: 3, email: 'carol@example.com', slug: 'carol', is_admin: false } },
};

/** The paths and query strings `fetch` was called with, in order. */
export function calledUrls(fetch: { mock: { calls: unknown[][] } }): string[] {
  return fetch.mock.calls.map(([url]) => String(url));
}
