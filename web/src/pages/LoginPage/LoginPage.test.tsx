import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderApp } from '../../test/render';

// Through the real route, which reads `?next=` from the address.
const renderLogin = (lang?: 'de') => renderApp('/login?next=%2F%3Ftab%3D2', { lang });
afterEach(() => vi.unstubAllGlobals());

async function submit(email: string) {
  await userEvent.type(screen.getByLabelText('Email address'), email);
  await userEvent.keyboard('{Enter}');
}

describe('LoginPage', () => {
  it('says that the first sign-in registers', async () => {
    mockFetch({});
    await renderLogin();
    expect(screen.getByRole('heading', { name: 'Sign in or register' })).toBeInTheDocument();
  });

  it('sends the link and says to check the inbox; remembers next', async () => {
    const fetch = mockFetch({
      'POST /api/auth/magic-link': () => ({ status: 202, body: { message: 'sent' } }),
    });
    await renderLogin();
    await submit('Test@Example.com');
    expect(await screen.findByText('Check your inbox for a link to sign in')).toBeInTheDocument();
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({
      body: JSON.stringify({ email: 'Test@Example.com' }),
    });
    expect(localStorage.getItem('spawner.next')).toBe('/?tab=2');
  });

  it('catches an obviously invalid email without asking the server', async () => {
    const fetch = mockFetch({});
    await renderLogin();
    await submit('not-an-email');
    expect(screen.getByRole('alert')).toHaveTextContent('Please enter a valid email address.');
    expect(screen.getByLabelText('Email address')).toHaveAttribute('aria-invalid', 'true');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the server saying invalid_email inline', async () => {
    mockFetch({
      'POST /api/auth/magic-link': () => ({
        status: 400,
        body: { error: 'invalid_email', message: 'That is not an email address.' },
      }),
    });
    await renderLogin();
    await submit('a@b.c');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Please enter a valid email address.',
    );
  });

  it('shows how long to wait when rate limited', async () => {
    mockFetch({
      'POST /api/auth/magic-link': () => ({
        status: 429,
        body: { error: 'rate_limited', message: 'Too many requests.', retry_after: 120 },
        headers: { 'Retry-After': '120' },
      }),
    });
    await renderLogin();
    await submit('test@example.com');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many requests. Please wait 2 minutes and try again.',
    );
  });

  it('in German', async () => {
    mockFetch({
      'POST /api/auth/magic-link': () => ({
        status: 429,
        body: { error: 'rate_limited', message: 'x', retry_after: 30 },
      }),
    });
    await renderLogin('de');
    expect(screen.getByRole('heading', { name: 'Anmelden oder registrieren' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('E-Mail-Adresse'), 'test@example.com{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Bitte warte 30 Sekunden');
  });
});
