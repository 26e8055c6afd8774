import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderApp } from './test/render';

const signedIn = {
  'GET /api/auth/me': () => ({
    status: 200,
    body: { user: { id: 1, email: 'test@example.com', slug: 'test', is_admin: false } },
  }),
  'GET /api/user/containers': () => ({ status: 200, body: { containers: [] } }),
};
const signedOut = {
  status: 401,
  body: { error: 'unauthenticated', message: 'Sign in first.' },
};

afterEach(() => vi.unstubAllGlobals());

describe('routes', () => {
  it('/ is the dashboard', async () => {
    mockFetch(signedIn);
    await renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Your containers' })).toBeInTheDocument();
  });

  it('an unknown path goes to the dashboard', async () => {
    mockFetch(signedIn);
    await renderApp('/no/such/page?x=1');
    expect(window.location.pathname + window.location.search).toBe('/');
    expect(await screen.findByRole('heading', { name: 'Your containers' })).toBeInTheDocument();
  });

  it('signed out, the dashboard sends to /login with next', async () => {
    mockFetch({ 'GET /api/auth/me': () => signedOut });
    await renderApp('/?tab=2');
    expect(await screen.findByRole('heading', { name: 'Sign in or register' })).toBeInTheDocument();
    expect(window.location.pathname + window.location.search).toBe('/login?next=%2F%3Ftab%3D2');
    expect(document.title).toBe('Sign in or register · spawner');
  });

  it('/auth/verify hands the token over as written, never as a number', async () => {
    const fetch = mockFetch({
      'POST /api/auth/verify/preview': () => ({ status: 200, body: { email: 'a@example.com' } }),
    });
    await renderApp('/auth/verify?token=123');
    expect(await screen.findByText('Sign in as a@example.com?')).toBeInTheDocument();
    expect(fetch.mock.calls[0]?.[1]?.body).toBe(JSON.stringify({ token: '123' }));
  });

  it('links navigate in the app', async () => {
    mockFetch({});
    await renderApp('/auth/verify');
    const link = screen.getByRole('link', { name: 'Send a new link' });
    expect(link).toHaveAttribute('href', '/login');
    // jsdom cannot load pages: the address and the page change only if the router handles the click.
    await userEvent.click(link);
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(screen.getByRole('heading', { name: 'Sign in or register' })).toBeInTheDocument();
  });
});
