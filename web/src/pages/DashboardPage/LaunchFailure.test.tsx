import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildContainer, renderWithProviders } from '../../test/render';
import { LaunchFailure } from './LaunchFailure';

afterEach(() => vi.unstubAllGlobals());

/** Serves the logs route as text, and counts the calls. */
function serveLogs(text: string) {
  const fn = vi.fn((input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('/api/container/dev/logs?tail=20')) throw new Error(`unexpected ${url}`);
    return Promise.resolve(new Response(text, { headers: { 'Content-Type': 'text/plain' } }));
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

describe('LaunchFailure', () => {
  it('shows a stored failure in German by its code, with the app’s last lines as they are', async () => {
    const fetch = serveLogs('  at main (/app/server.mjs:7)\ncrashing on purpose <b>x</b>\n');
    await renderWithProviders(
      <LaunchFailure
        container={buildContainer({
          status: 'error',
          container_id: 'abc',
          error: 'The Development Container exited while starting (exit code 1).',
          error_code: 'app_exited',
        })}
        launchError={undefined}
        progress={undefined}
      />,
      { lang: 'de' },
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Die App hat sich beim Start beendet. Ihre letzten Zeilen sagen vielleicht, warum.',
    );
    const lines = await screen.findByRole('region', { name: 'Die letzten Zeilen der App' });
    expect(lines.textContent).toBe('  at main (/app/server.mjs:7)\ncrashing on purpose <b>x</b>\n');
    expect(lines).toHaveAttribute('tabindex', '0');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('uses the lines that came with a failed launch, without asking again', async () => {
    const fetch = serveLogs('unused');
    await renderWithProviders(
      <LaunchFailure
        container={buildContainer({ status: 'error', container_id: 'abc', error: 'x' })}
        launchError="Die App hat nicht rechtzeitig geantwortet."
        progress={{ phase: 'failed', error: 'not_ready', message: 'x', logs: 'still booting\n' }}
      />,
      { lang: 'de' },
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Die App hat nicht rechtzeitig geantwortet.',
    );
    expect(screen.getByRole('region').textContent).toBe('still booting\n');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('falls back to the server’s sentence when the code is unknown, and shows no empty lines', async () => {
    const fetch = serveLogs('');
    await renderWithProviders(
      <LaunchFailure
        container={buildContainer({ status: 'error', error: 'image not found' })}
        launchError={undefined}
        progress={undefined}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('image not found');
    expect(screen.queryByRole('region')).toBeNull();
    expect(fetch).not.toHaveBeenCalled(); // no container, so no lines to ask for
  });

  it('shows nothing when nothing failed', async () => {
    await renderWithProviders(
      <LaunchFailure
        container={buildContainer({ status: 'running' })}
        launchError={undefined}
        progress={undefined}
      />,
    );
    expect(screen.queryByTestId('launch-failure')).toBeNull();
  });
});
