import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ContainerStatus } from '../../api/types';
import { buildContainer, renderWithProviders } from '../../test/render';
import { ContainerCard } from './ContainerCard';

const cases: [ContainerStatus, string, string, string, string][] = [
  // status, English word, English button, German word, German button
  ['not_created', 'Not created', 'Create & Open', 'Noch nicht erstellt', 'Erstellen & Öffnen'],
  ['stopped', 'Stopped', 'Create & Open', 'Gestoppt', 'Erstellen & Öffnen'],
  ['error', 'Error', 'Create & Open', 'Fehler', 'Erstellen & Öffnen'],
  ['running', 'Running', 'Open', 'Läuft', 'Service öffnen'],
];

describe('ContainerCard', () => {
  it.each(cases)('%s shows "%s", an icon and "%s"', async (status, word, button) => {
    await renderWithProviders(
      <ContainerCard
        container={buildContainer({ status })}
        starting={false}
        launchError={undefined}
        onLaunch={() => {}}
      />,
    );
    const badge = screen.getByText(word);
    expect(badge).toHaveAttribute('data-status', status);
    expect(badge.querySelector('svg')).not.toBeNull();
    expect(screen.getByRole('button', { name: new RegExp(`^${button}`) })).toBeEnabled();
  });

  it.each(cases)('%s in German shows "%4$s" and "%5$s"', async (status, _w, _b, word, button) => {
    await renderWithProviders(
      <ContainerCard
        container={buildContainer({ status })}
        starting={false}
        launchError={undefined}
        onLaunch={() => {}}
      />,
      { lang: 'de' },
    );
    expect(screen.getByText(word)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: new RegExp(`^${button}`) })).toBeInTheDocument();
  });

  it('shows the reason of an error', async () => {
    await renderWithProviders(
      <ContainerCard
        container={buildContainer({ status: 'error', error: 'image not found' })}
        starting={false}
        launchError={undefined}
        onLaunch={() => {}}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('image not found');
  });

  it('shows name, description, times with full time on hover, and the service URL', async () => {
    const created = new Date(Date.now() - 3 * 60_000).toISOString();
    await renderWithProviders(
      <ContainerCard
        container={buildContainer({ status: 'running', created_at: created, last_used: created })}
        starting={false}
        launchError={undefined}
        onLaunch={() => {}}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Development Container' })).toBeInTheDocument();
    expect(screen.getByText('Nginx based development container')).toBeInTheDocument();
    const times = screen.getAllByText('3 minutes ago');
    expect(times).toHaveLength(2);
    expect(times[0]?.tagName).toBe('TIME');
    expect(times[0]).toHaveAttribute('dateTime', created);
    expect(times[0]?.getAttribute('title')).toMatch(/\d{4}/);
    expect(screen.getByText('http://localhost:8080/test-dev')).toBeInTheDocument();
  });

  it('while starting: busy, disabled, says Starting…', async () => {
    await renderWithProviders(
      <ContainerCard
        container={buildContainer()}
        starting
        launchError={undefined}
        onLaunch={() => {}}
      />,
    );
    const button = screen.getByRole('button', { name: /^Starting…/ });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByTestId('card-dev')).toHaveAttribute('aria-busy', 'true');
  });

  it('calls onLaunch from the keyboard', async () => {
    const onLaunch = vi.fn();
    const container = buildContainer();
    await renderWithProviders(
      <ContainerCard
        container={container}
        starting={false}
        launchError={undefined}
        onLaunch={onLaunch}
      />,
    );
    await userEvent.tab();
    expect(screen.getByRole('button', { name: /^Create & Open/ })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onLaunch).toHaveBeenCalledWith(container);
  });
});

describe('ContainerCard, running', () => {
  it('says when an idle container will be stopped, and that an update is there', async () => {
    const inAnHour = new Date(Date.now() + 90 * 60_000).toISOString();
    await renderWithProviders(
      <ContainerCard
        container={buildContainer({
          status: 'running',
          stops_at: inAnHour,
          update_available: true,
        })}
        starting={false}
        launchError={undefined}
        onLaunch={() => {}}
      />,
    );
    expect(screen.getByText('Stops if idle').nextElementSibling).toHaveTextContent('in 1 hour');
    expect(screen.getByText('Update available')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Update & restart' })).toBeEnabled();
  });
});

describe('ContainerCard, data size', () => {
  const card = (dataSize: number | null) => (
    <ContainerCard
      container={buildContainer({ status: 'stopped', data_size_bytes: dataSize })}
      starting={false}
      launchError={undefined}
      onLaunch={() => {}}
    />
  );

  it.each([
    ['en', 'Data', '12.3 MB'],
    ['de', 'Daten', '12,3 MB'],
  ] as const)('in %s shows "%s: %s"', async (lang, label, size) => {
    await renderWithProviders(card(12_345_678), { lang });
    expect(screen.getByText(label).nextElementSibling).toHaveTextContent(size);
  });

  it('shows no data line when the size is unknown', async () => {
    await renderWithProviders(card(null));
    expect(screen.queryByText('Data')).toBeNull();
  });
});
