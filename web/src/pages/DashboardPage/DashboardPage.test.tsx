import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Container } from '../../api/types';
import { buildContainer, mockFetch, renderWithProviders } from '../../test/render';
import { DashboardPage } from './DashboardPage';

const me = {
  status: 200,
  body: { user: { id: 1, email: 'test@example.com', slug: 'test', is_admin: false } },
};
const dev = buildContainer();
const prod = buildContainer({
  type: 'prod',
  display_name: 'Production Container',
  service_url: 'http://localhost:8080/test-prod',
});

/** A tab as `window.open` returns it: same-origin about:blank we can write into. */
function fakeTab() {
  return {
    opener: {},
    location: { href: 'about:blank' },
    close: vi.fn(),
    document: document.implementation.createHTMLDocument(''),
  };
}

/** A promise the test settles, to observe the "starting" state. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let containers: Container[];
beforeEach(() => {
  containers = [dev, prod];
  window.history.replaceState(null, '', '/');
});
afterEach(() => vi.unstubAllGlobals());

/** Clicks a card's Create & Open button once the card is there. */
async function clickCreateAndOpen(type: string): Promise<void> {
  const card = await screen.findByTestId(`card-${type}`);
  await userEvent.click(await within(card).findByRole('button', { name: 'Create & Open' }));
}

describe('DashboardPage', () => {
  it('shows one card per template in API order and the user', async () => {
    mockFetch({
      'GET /api/auth/me': () => me,
      'GET /api/user/containers': () => ({ status: 200, body: { containers } }),
    });
    await renderWithProviders(<DashboardPage />);
    const grid = await screen.findByTestId('container-grid');
    const headings = within(grid).getAllByRole('heading', { level: 2 });
    expect(headings.map((h) => h.textContent)).toEqual([
      'Development Container',
      'Production Container',
    ]);
    expect(await screen.findByText('test@example.com')).toBeInTheDocument();
    expect(screen.getAllByText('Not created')).toHaveLength(2);
    expect(document.title).toBe('Your containers · spawner');
  });

  it('opens a tab in the click, shows Starting…, then points the tab at the service', async () => {
    const launched = deferred<{ status: number; body: unknown }>();
    const fetch = mockFetch({
      'GET /api/auth/me': () => me,
      'GET /api/user/containers': () => ({ status: 200, body: { containers } }),
      'POST /api/container/launch/dev': () => launched.promise,
    });
    const tab = fakeTab();
    const open = vi.fn(() => tab);
    vi.stubGlobal('open', open);
    await renderWithProviders(<DashboardPage />);

    await clickCreateAndOpen('dev');
    expect(open).toHaveBeenCalledWith('', '_blank');
    expect(tab.opener).toBeNull();
    const card = screen.getByTestId('card-dev');
    expect(within(card).getByRole('button', { name: /^Starting…/ })).toBeDisabled();

    containers = [
      {
        ...dev,
        status: 'running',
        created_at: new Date().toISOString(),
        last_used: new Date().toISOString(),
      },
      prod,
    ];
    launched.resolve({
      status: 200,
      body: { message: 'ok', service_url: dev.service_url, container_id: 'abc', status: 'running' },
    });

    await waitFor(() => expect(tab.location.href).toBe(dev.service_url));
    expect(await within(card).findByText('Running')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: /^Open/ })).toBeEnabled();
    expect(tab.close).not.toHaveBeenCalled();
    const launchCall = fetch.mock.calls.find(([url]) => url === '/api/container/launch/dev');
    expect(launchCall?.[1]).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      body: '{}',
    });
  });

  it('closes the tab and shows the error on the card when the launch fails', async () => {
    mockFetch({
      'GET /api/auth/me': () => me,
      'GET /api/user/containers': () => ({ status: 200, body: { containers } }),
      'POST /api/container/launch/dev': () => ({
        status: 503,
        body: { error: 'runtime_error', message: 'The container engine is not reachable.' },
      }),
    });
    const tab = fakeTab();
    vi.stubGlobal(
      'open',
      vi.fn(() => tab),
    );
    await renderWithProviders(<DashboardPage />);

    await clickCreateAndOpen('dev');
    const card = screen.getByTestId('card-dev');
    expect(await within(card).findByRole('alert')).toHaveTextContent(
      'The container could not be started: The container engine is not reachable.',
    );
    expect(tab.close).toHaveBeenCalled();
    expect(tab.location.href).toBe('about:blank');
    expect(within(card).getByRole('button', { name: /^Create & Open/ })).toBeEnabled();
    expect(within(screen.getByTestId('card-prod')).queryByRole('alert')).toBeNull();
  });

  it('navigates this tab after the launch when the popup was blocked', async () => {
    mockFetch({
      'GET /api/auth/me': () => me,
      'GET /api/user/containers': () => ({ status: 200, body: { containers } }),
      'POST /api/container/launch/dev': () => ({
        status: 200,
        body: {
          message: 'ok',
          service_url: dev.service_url,
          container_id: 'abc',
          status: 'running',
        },
      }),
    });
    vi.stubGlobal(
      'open',
      vi.fn(() => null),
    );
    const assign = vi.fn();
    await renderWithProviders(<DashboardPage assignLocation={assign} />);

    await clickCreateAndOpen('dev');
    await waitFor(() => expect(assign).toHaveBeenCalledWith(dev.service_url));
  });

  it('blocked popup and a failed launch: stays here and shows the error', async () => {
    mockFetch({
      'GET /api/auth/me': () => me,
      'GET /api/user/containers': () => ({ status: 200, body: { containers } }),
      'POST /api/container/launch/dev': () => ({
        status: 502,
        body: { error: 'not_ready', message: 'The container did not answer in time.' },
      }),
    });
    vi.stubGlobal(
      'open',
      vi.fn(() => null),
    );
    const assign = vi.fn();
    await renderWithProviders(<DashboardPage assignLocation={assign} />);

    await clickCreateAndOpen('dev');
    expect(await screen.findByRole('alert')).toHaveTextContent('The app did not answer in time.');
    expect(assign).not.toHaveBeenCalled();
  });

  it('sends a 401 to /login with next', async () => {
    window.history.replaceState(null, '', '/?x=1');
    mockFetch({
      'GET /api/auth/me': () => ({
        status: 401,
        body: { error: 'unauthenticated', message: 'Sign in first.' },
      }),
      'GET /api/user/containers': () => ({
        status: 401,
        body: { error: 'unauthenticated', message: 'Sign in first.' },
      }),
    });
    await renderWithProviders(<DashboardPage />);
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/?x=1');
  });

  it('signs out', async () => {
    const fetch = mockFetch({
      'GET /api/auth/me': () => me,
      'GET /api/user/containers': () => ({ status: 200, body: { containers } }),
      'POST /api/auth/logout': () => ({ status: 200, body: { message: 'Signed out.' } }),
    });
    await renderWithProviders(<DashboardPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(fetch.mock.calls.some(([url]) => url === '/api/auth/logout')).toBe(true);
  });
});
