import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockFetch, renderApp } from '../../../test/render';
import { adminMe, buildAdminContainer, calledUrls } from '../testing';

const dev = buildAdminContainer();
const list = {
  status: 200,
  body: { containers: [dev], total: 1, page: 1, per_page: 25 },
};
const state = { status: 200, body: { status: 'stopped' } };

afterEach(() => vi.unstubAllGlobals());

describe('admin console, containers', () => {
  it('lists containers with owner and status, newest use first, and stops one', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/containers': () => list,
      'POST /api/admin/containers/2/dev/stop': () => state,
    });
    await renderApp('/admin/containers');
    const row = await screen.findByTestId('container-bob@example.com-dev');
    expect(within(row).getByText('Running')).toBeInTheDocument();
    expect(calledUrls(fetch)).toContain(
      '/api/admin/containers?sort=last_used&order=desc&page=1&per_page=25',
    );
    await userEvent.click(within(row).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(calledUrls(fetch)).toContain('/api/admin/containers/2/dev/stop'));
  });

  it('filters by state through the address', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/containers': () => list,
    });
    await renderApp('/admin/containers?page=3');
    await screen.findByTestId('container-bob@example.com-dev');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'Stopped');
    await waitFor(() => expect(window.location.search).toBe('?status=stopped'));
    await waitFor(() =>
      expect(calledUrls(fetch).at(-1)).toBe(
        '/api/admin/containers?status=stopped&sort=last_used&order=desc&page=1&per_page=25',
      ),
    );
  });

  it('deletes a container and keeps its data unless asked', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/containers': () => list,
      'DELETE /api/admin/containers/2/dev': () => state,
    });
    await renderApp('/admin/containers');
    const row = await screen.findByTestId('container-bob@example.com-dev');
    await userEvent.click(within(row).getByRole('button', { name: 'Delete…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete bob@example.com’s dev container?' });
    expect(within(dialog).getByLabelText('Also delete its data for good')).not.toBeChecked();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calledUrls(fetch)).toContain('/api/admin/containers/2/dev'));
  });

  it('deletes the data too only with the box ticked and the key typed', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => adminMe,
      'GET /api/admin/containers': () => list,
      'DELETE /api/admin/containers/2/dev': () => state,
    });
    await renderApp('/admin/containers');
    const row = await screen.findByTestId('container-bob@example.com-dev');
    await userEvent.click(within(row).getByRole('button', { name: 'Delete…' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText('Also delete its data for good'));
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('Type dev to delete the data too'), 'dev');
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(calledUrls(fetch)).toContain('/api/admin/containers/2/dev?data=true'),
    );
  });
});
