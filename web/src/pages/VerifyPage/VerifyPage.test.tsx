import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderApp } from '../../test/render';

const invalid = {
  status: 401,
  body: { error: 'invalid_token', message: 'Invalid or expired token.' },
};

// The dashboard that opens after signing in asks for these.
const dashboard = {
  'GET /api/auth/me': () => ({
    status: 200,
    body: { user: { id: 1, email: 'test@example.com', slug: 'test', is_admin: false } },
  }),
  'GET /api/user/containers': () => ({ status: 200, body: { containers: [] } }),
};

// Through the real route, which reads `?token=` from the address.
const renderVerify = () => renderApp('/auth/verify?token=abc');

afterEach(() => vi.unstubAllGlobals());

describe('VerifyPage', () => {
  it('asks first, signs in on the button, drops the token and goes to next', async () => {
    localStorage.setItem('spawner.next', '/?tab=2');
    const fetch = mockFetch({
      ...dashboard,
      'POST /api/auth/verify/preview': () => ({ status: 200, body: { email: 'test@example.com' } }),
      'POST /api/auth/verify': () => ({
        status: 200,
        body: { token: 't', user: { id: 1, email: 'test@example.com', slug: 'test' } },
      }),
    });
    await renderVerify();
    const button = await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.getByText('Sign in as test@example.com?')).toBeInTheDocument();
    // Only the preview so far: opening the link must not use it up.
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/api/auth/verify/preview']);

    await userEvent.click(button);
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe('/?tab=2'));
    expect(fetch.mock.calls.map(([url]) => url)).toContain('/api/auth/verify');
    expect(window.location.href).not.toContain('abc');
    expect(localStorage.getItem('spawner.next')).toBeNull();
  });

  it('ignores an unsafe next', async () => {
    localStorage.setItem('spawner.next', '//evil.example/');
    mockFetch({
      ...dashboard,
      'POST /api/auth/verify/preview': () => ({ status: 200, body: { email: 'test@example.com' } }),
      'POST /api/auth/verify': () => ({
        status: 200,
        body: { token: 't', user: { id: 1, email: 'test@example.com', slug: 'test' } },
      }),
    });
    await renderVerify();
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(window.location.host).toBe('localhost:3000');
  });

  it('a used link says so and offers a new one', async () => {
    mockFetch({ 'POST /api/auth/verify/preview': () => invalid });
    await renderVerify();
    expect(
      await screen.findByRole('heading', { name: 'This link can no longer be used' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Send a new link' })).toHaveAttribute('href', '/login');
    expect(window.location.search).toBe('');
  });

  it('a link used up between preview and click says so too', async () => {
    mockFetch({
      'POST /api/auth/verify/preview': () => ({ status: 200, body: { email: 'test@example.com' } }),
      'POST /api/auth/verify': () => invalid,
    });
    await renderVerify();
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: 'Send a new link' })).toBeInTheDocument();
    expect(window.location.search).toBe('');
  });
});
