import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderApp } from '../../../test/render';
import { adminMe, buildAdminUser, calledUrls, userMe } from '../testing';

const bob = buildAdminUser();
const alice = buildAdminUser({ id: 1, email: 'admin@example.com', slug: 'admin', is_admin: true });
const list = (users = [alice, bob], total = users.length) => ({
  status: 200,
  body: { users, total, page: 1, per_page: 25 },
});

afterEach(() => vi.unstubAllGlobals());

describe('admin console, users', () => {
  it('lists people with their status and a range', async () => {
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([alice, bob], 60),
    });
    await renderApp('/admin');
    await waitFor(() => expect(window.location.pathname).toBe('/admin/users'));
    const row = await screen.findByTestId('user-bob@example.com');
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(within(screen.getByTestId('user-admin@example.com')).getByText('Admin')).toBeVisible();
    expect(screen.getByText('1–25 of 60')).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();
    expect(document.title).toBe('Users · spawner');
  });

  it('searches through the address, and asks the server so', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([alice, bob], 60),
    });
    await renderApp('/admin/users');
    await userEvent.type(await screen.findByLabelText('Search by email or slug'), 'bob{Enter}');
    await waitFor(() => expect(window.location.search).toBe('?q=bob'));
    await waitFor(() =>
      expect(calledUrls(fetch).at(-1)).toBe(
        '/api/admin/users?q=bob&sort=email&order=asc&page=1&per_page=25',
      ),
    );
  });

  it('sorts by a column from page 1, then the other way', async () => {
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([alice, bob], 60),
    });
    await renderApp('/admin/users?q=bob&page=2');
    // By text, not role: the accessible-name search over the whole table is slow in jsdom.
    const created = await screen.findByText('Created');
    expect(created.closest('th')).toHaveAttribute('aria-sort', 'none');
    await userEvent.click(created);
    await waitFor(() => expect(window.location.search).toBe('?q=bob&sort=created&order=asc'));
    await userEvent.click(screen.getByText('Created'));
    await waitFor(() => expect(window.location.search).toBe('?q=bob&sort=created&order=desc'));
    expect(screen.getByText('Created').closest('th')).toHaveAttribute('aria-sort', 'descending');
  });

  it('pages, keeping search and sort', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([alice, bob], 60),
    });
    await renderApp('/admin/users?q=bob&sort=created&order=desc');
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(calledUrls(fetch).at(-1)).toBe(
        '/api/admin/users?q=bob&sort=created&order=desc&page=2&per_page=25',
      ),
    );
    expect(window.location.search).toBe('?q=bob&sort=created&order=desc&page=2');
  });

  it('shows a non-administrator "not allowed" and asks the admin API nothing', async () => {
    const fetch = mockFetch({ 'GET /api/auth/me': () => userMe });
    await renderApp('/admin/users');
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to my containers' })).toHaveAttribute(
      'href',
      '/',
    );
    expect(calledUrls(fetch).filter((u) => u.startsWith('/api/admin'))).toEqual([]);
  });

  it('shows "not allowed" when the API answers 403', async () => {
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => ({
        status: 403,
        body: { error: 'forbidden', message: 'Administrators only.' },
      }),
    });
    await renderApp('/admin/users');
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
  });

  it('shows a failure with a retry, and an empty list', async () => {
    let fail = true;
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () =>
        fail ? { status: 500, body: { error: 'internal', message: 'boom' } } : list([]),
    });
    await renderApp('/admin/users');
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the list.');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No users match.')).toBeInTheDocument();
  });

  it('blocks after asking, and unblocks', async () => {
    let users = [bob];
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list(users),
      'POST /api/admin/users/2/block': () => {
        users = [{ ...bob, blocked: true }];
        return { status: 200, body: users[0] };
      },
      'POST /api/admin/users/2/unblock': () => {
        users = [bob];
        return { status: 200, body: bob };
      },
    });
    await renderApp('/admin/users');
    const row = await screen.findByTestId('user-bob@example.com');
    await userEvent.click(within(row).getByRole('button', { name: 'Block…' }));
    const dialog = screen.getByRole('dialog', { name: 'Block bob@example.com?' });
    expect(dialog).toHaveTextContent('signed out at once');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Block' }));
    expect(await within(row).findByText('Blocked')).toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: 'Unblock' }));
    expect(await within(row).findByText('Active')).toBeInTheDocument();
    expect(calledUrls(fetch)).toEqual(
      expect.arrayContaining(['/api/admin/users/2/block', '/api/admin/users/2/unblock']),
    );
  });

  it('grants admin at once and asks before revoking; shows the last-admin refusal', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([alice, bob]),
      'POST /api/admin/users/2/admin': () => ({ status: 200, body: { ...bob, is_admin: true } }),
      'DELETE /api/admin/users/1/admin': () => ({
        status: 409,
        body: { error: 'last_admin', message: 'The last administrator stays.' },
      }),
    });
    await renderApp('/admin/users');
    const bobRow = await screen.findByTestId('user-bob@example.com');
    await userEvent.click(within(bobRow).getByRole('button', { name: 'Make admin' }));
    await waitFor(() => expect(calledUrls(fetch)).toContain('/api/admin/users/2/admin'));

    const aliceRow = screen.getByTestId('user-admin@example.com');
    await userEvent.click(within(aliceRow).getByRole('button', { name: 'Revoke admin' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Revoke admin rights of admin@example.com?',
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await within(aliceRow).findByRole('alert')).toHaveTextContent(
      'The last administrator cannot be removed.',
    );
  });

  it('deletes a person only after two questions, the second with the address typed', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([bob]),
      'DELETE /api/admin/users/2': () => ({ status: 200, body: { message: 'Deleted.' } }),
    });
    await renderApp('/admin/users');
    const row = await screen.findByTestId('user-bob@example.com');
    await userEvent.click(within(row).getByRole('button', { name: 'Delete…' }));
    const first = screen.getByRole('dialog', { name: 'Delete bob@example.com?' });
    await userEvent.click(within(first).getByRole('button', { name: 'Continue' }));
    const second = screen.getByRole('dialog', { name: 'Really delete bob@example.com?' });
    const confirm = within(second).getByRole('button', { name: 'Delete for good' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(second).getByLabelText('Type bob@example.com to confirm'), 'bob@');
    expect(confirm).toBeDisabled();
    expect(calledUrls(fetch)).not.toContain('/api/admin/users/2');
    await userEvent.type(
      within(second).getByLabelText('Type bob@example.com to confirm'),
      'example.com',
    );
    await userEvent.click(confirm);
    await waitFor(() => expect(calledUrls(fetch)).toContain('/api/admin/users/2'));
    const call = fetch.mock.calls.find(([url]) => url === '/api/admin/users/2');
    expect(call?.[1]?.method).toBe('DELETE');
  });

  it('invites an address', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([bob]),
      'POST /api/admin/users': (body) => ({
        status: 201,
        body: buildAdminUser({ id: 9, email: (body as { email: string }).email }),
      }),
    });
    await renderApp('/admin/users');
    await userEvent.type(await screen.findByLabelText('Email address'), 'new@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText('new@example.com is invited.')).toBeInTheDocument();
    const call = fetch.mock.calls.find(([url]) => url === '/api/admin/users');
    expect(call?.[1]?.body).toBe(JSON.stringify({ email: 'new@example.com' }));
  });

  it('sets a quota, and empty means the default', async () => {
    const bodies: unknown[] = [];
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => list([bob]),
      'PUT /api/admin/users/2/quota': (body) => {
        bodies.push(body);
        return { status: 200, body: { id: 2, max_running: 3, effective_max_running: 3 } };
      },
    });
    await renderApp('/admin/users');
    const row = await screen.findByTestId('user-bob@example.com');
    await userEvent.click(within(row).getByRole('button', { name: 'Quota…' }));
    let dialog = screen.getByRole('dialog', { name: 'Running containers for bob@example.com' });
    await userEvent.type(within(dialog).getByLabelText('Containers at once'), '3');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(row).findByText('Quota saved.')).toBeInTheDocument();

    await userEvent.click(within(row).getByRole('button', { name: 'Quota…' }));
    dialog = screen.getByRole('dialog', { name: 'Running containers for bob@example.com' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(bodies).toEqual([{ max_running: 3 }, { max_running: null }]));
  });
});
