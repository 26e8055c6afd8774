import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderApp } from '../../test/render';
import { adminMe, userMe } from './testing';

afterEach(() => vi.unstubAllGlobals());

const users = { status: 200, body: { users: [], total: 0, page: 1, per_page: 25 } };
const containers = { status: 200, body: { containers: [] } };

describe('the header’s admin link', () => {
  it('is there for administrators and opens the console on its users tab', async () => {
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/user/containers': () => containers,
      'GET /api/admin/users': () => users,
    });
    await renderApp('/');
    await userEvent.click(await screen.findByRole('link', { name: 'Admin' }));
    await waitFor(() => expect(window.location.pathname).toBe('/admin/users'));
    expect(await screen.findByRole('heading', { name: 'Administration' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByText('No users match.')).toBeInTheDocument();
  });

  it('is not there for anyone else', async () => {
    mockFetch({
      'GET /api/auth/me': () => userMe,
      'GET /api/user/containers': () => containers,
    });
    await renderApp('/');
    expect(await screen.findByText('carol@example.com')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete my account…' })).toBeInTheDocument();
  });
});
