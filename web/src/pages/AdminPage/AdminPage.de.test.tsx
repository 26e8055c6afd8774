import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { mockFetch, renderApp } from '../../test/render';
import { adminMe, buildAdminUser, userMe } from './testing';

afterEach(() => vi.unstubAllGlobals());

describe('admin console in German', () => {
  it('names tabs, columns and states in German', async () => {
    mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/users': () => ({
        status: 200,
        body: { users: [buildAdminUser({ blocked: true })], total: 1, page: 1, per_page: 25 },
      }),
    });
    await renderApp('/admin/users', { lang: 'de' });
    const row = await screen.findByTestId('user-bob@example.com');
    expect(within(row).getByText('Gesperrt')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Entsperren' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Protokoll' })).toHaveAttribute('href', '/admin/audit');
    expect(screen.getByText('1–1 von 1')).toBeInTheDocument();
  });

  it('tells a non-administrator in German', async () => {
    mockFetch({ 'GET /api/auth/me': () => userMe });
    await renderApp('/admin/audit', { lang: 'de' });
    expect(await screen.findByRole('heading', { name: 'Nicht erlaubt' })).toBeInTheDocument();
  });
});
