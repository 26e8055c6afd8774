import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderWithProviders } from '../../test/render';
import { DeleteAccount } from './DeleteAccount';

afterEach(() => vi.unstubAllGlobals());

describe('DeleteAccount', () => {
  it('asks twice, the second time for the address, then deletes and goes to sign in', async () => {
    window.history.replaceState(null, '', '/');
    const fetch = mockFetch({
      'DELETE /api/auth/me': () => ({ status: 200, body: { message: 'Deleted.' } }),
    });
    await renderWithProviders(<DeleteAccount email="test@example.com" />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account…' }));
    const first = screen.getByRole('dialog', { name: 'Delete your account?' });
    await userEvent.click(within(first).getByRole('button', { name: 'Continue' }));
    const second = screen.getByRole('dialog', { name: 'Really delete your account?' });
    const confirm = within(second).getByRole('button', { name: 'Delete my account for good' });
    expect(confirm).toBeDisabled();
    expect(fetch).not.toHaveBeenCalled();
    await userEvent.type(
      within(second).getByLabelText('Type test@example.com to confirm'),
      'test@example.com',
    );
    await userEvent.click(confirm);
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/auth/me');
    expect(fetch.mock.calls[0]?.[1]?.method).toBe('DELETE');
  });

  it('cancelling the first question deletes nothing', async () => {
    const fetch = mockFetch({});
    await renderWithProviders(<DeleteAccount email="test@example.com" />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows why the account could not be deleted', async () => {
    mockFetch({
      'DELETE /api/auth/me': () => ({
        status: 409,
        body: { error: 'last_admin', message: 'Last admin.' },
      }),
    });
    await renderWithProviders(<DeleteAccount email="a@b.co" />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await userEvent.type(screen.getByLabelText('Type a@b.co to confirm'), 'a@b.co');
    await userEvent.click(screen.getByRole('button', { name: 'Delete my account for good' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The last administrator cannot be removed.',
    );
  });
});
