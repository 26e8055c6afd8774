import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderApp } from '../../../test/render';
import { adminMe, buildAuditEvent, calledUrls } from '../testing';

const block = buildAuditEvent();
const refused = buildAuditEvent({
  id: 2,
  action: 'proxy_refused',
  actor_id: null,
  actor_email: null,
  target_type: 'dev',
  outcome: 'refused',
  detail: 'not the owner',
});

afterEach(() => vi.unstubAllGlobals());

describe('admin console, audit log', () => {
  it('shows who did what, with outcome, target and address', async () => {
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/audit': () => ({
        status: 200,
        body: { events: [block, refused], total: 2, page: 1, per_page: 25 },
      }),
    });
    await renderApp('/admin/audit');
    const first = await screen.findByTestId('audit-1');
    expect(within(first).getByText('Blocked user')).toBeInTheDocument();
    expect(within(first).getByText('OK')).toBeInTheDocument();
    expect(within(first).getByText('bob@example.com')).toBeInTheDocument();
    const second = screen.getByTestId('audit-2');
    expect(within(second).getByText('Access refused')).toBeInTheDocument();
    expect(within(second).getByText('Refused')).toBeInTheDocument();
    expect(within(second).getByText('not the owner')).toBeInTheDocument();
  });

  it('filters by actor, action, outcome and local days, through the address', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/audit': () => ({
        status: 200,
        body: { events: [], total: 0, page: 1, per_page: 25 },
      }),
    });
    await renderApp('/admin/audit');
    expect(await screen.findByText('No events match.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Who'), 'bob');
    await userEvent.selectOptions(screen.getByLabelText('Action'), 'Blocked user');
    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'Refused');
    await userEvent.type(screen.getByLabelText('From'), '2026-11-01');
    await userEvent.type(screen.getByLabelText('To'), '2026-11-02');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(window.location.search).toBe(
        '?actor=bob&action=admin_block&outcome=refused&from=2026-11-01&to=2026-11-02',
      ),
    );
    const from = new Date('2026-11-01T00:00:00').toISOString();
    const to = new Date('2026-11-03T00:00:00').toISOString();
    const query = new URLSearchParams({
      actor: 'bob',
      action: 'admin_block',
      outcome: 'refused',
      from,
      to,
      page: '1',
      per_page: '25',
    });
    await waitFor(() => expect(calledUrls(fetch).at(-1)).toBe(`/api/admin/audit?${query}`));

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(window.location.search).toBe(''));
    expect(screen.getByLabelText('Who')).toHaveValue('');
  });
});
