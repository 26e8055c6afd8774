import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildContainer, mockFetch, renderWithProviders } from '../../test/render';
import { ContainerActions } from './ContainerActions';

const running = buildContainer({ status: 'running', container_id: 'abc' });

describe('ContainerActions', () => {
  it('stops a running container through the API', async () => {
    const fetch = mockFetch({
      'POST /api/container/dev/stop': () => ({ status: 200, body: { status: 'stopped' } }),
      'GET /api/user/containers': () => ({ status: 200, body: { containers: [] } }),
    });
    await renderWithProviders(<ContainerActions container={running} busy={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(fetch.mock.calls.map(([, init]) => init?.method)).toContain('POST'));
  });

  it('offers "Update & restart" when the image changed', async () => {
    await renderWithProviders(
      <ContainerActions container={{ ...running, update_available: true }} busy={false} />,
    );
    expect(screen.getByRole('button', { name: 'Update & restart' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Restart' })).toBeNull();
  });

  it('asks before a reset, says the data stays, and resets on confirm', async () => {
    const fetch = mockFetch({
      'DELETE /api/container/dev': () => ({ status: 200, body: { status: 'not_created' } }),
      'GET /api/user/containers': () => ({ status: 200, body: { containers: [] } }),
    });
    await renderWithProviders(<ContainerActions container={running} busy={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'Reset…' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset Development Container?' });
    expect(dialog).toHaveTextContent('Your data is kept');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reset' }));
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(fetch.mock.calls[0]![0]).toBe('/api/container/dev');
  });

  it('deletes data only after the template key is typed', async () => {
    const fetch = mockFetch({
      'DELETE /api/container/dev': () => ({ status: 200, body: { status: 'not_created' } }),
      'GET /api/user/containers': () => ({ status: 200, body: { containers: [] } }),
    });
    await renderWithProviders(<ContainerActions container={running} busy={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    const dialog = screen.getByRole('dialog', {
      name: 'Delete Development Container and its data?',
    });
    expect(
      within(dialog).getByRole('link', { name: 'Download the data first (.tar)' }),
    ).toHaveAttribute('href', '/api/container/dev/data.tar');
    const confirm = within(dialog).getByRole('button', { name: 'Delete for good' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('Type dev to confirm'), 'de');
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('Type dev to confirm'), 'v');
    await userEvent.click(confirm);
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(fetch.mock.calls[0]![0]).toBe('/api/container/dev?data=true');
  });

  it('says in German what a reset keeps', async () => {
    await renderWithProviders(<ContainerActions container={running} busy={false} />, {
      lang: 'de',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Zurücksetzen…' }));
    expect(screen.getByRole('dialog')).toHaveTextContent('Deine Daten bleiben erhalten');
  });
});
