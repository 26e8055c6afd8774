import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { buildContainer, mockFetch, renderWithProviders } from '../../../test/render';
import { ApiError, getErrorMessage } from '../../../api/errors';
import { createI18n } from '../../../i18n/createI18n';
import { ContainerLogs } from './ContainerLogs';

/** The browser's EventSource, played by the test: it opens, sends lines and fails on cue. */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    act(() => this.onopen?.(new Event('open')));
  }
  send(...lines: string[]) {
    act(() => {
      for (const line of lines)
        this.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ line }) }));
    });
  }
  fail() {
    act(() => this.onerror?.(new Event('error')));
  }
}

const ESC = '\u001b';
const running = buildContainer({ status: 'running', container_id: 'abc' });
const lastSource = () => FakeEventSource.all.at(-1)!;
const logArea = () => screen.getByRole('log', { name: 'Log lines' });

async function openPanel() {
  const user = userEvent.setup();
  await renderWithProviders(<ContainerLogs container={running} />);
  await user.click(screen.getByRole('button', { name: 'Logs' }));
  return { user, dialog: screen.getByRole('dialog', { name: 'Logs of Development Container' }) };
}

beforeEach(() => {
  FakeEventSource.all = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  // jsdom lays nothing out: give the list a box 20 lines high and each line its 20 px.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(20);
});
afterEach(() => vi.unstubAllGlobals());

describe('ContainerLogs', () => {
  it('offers no logs before the container exists', async () => {
    await renderWithProviders(<ContainerLogs container={buildContainer()} />);
    expect(screen.queryByRole('button', { name: 'Logs' })).toBeNull();
  });

  it('loads the last 500 lines and the new ones from one stream', async () => {
    const { dialog } = await openPanel();
    expect(lastSource().url).toBe('/api/container/dev/logs?tail=500&follow=true');
    expect(within(dialog).getByRole('status')).toHaveTextContent('Loading the last lines…');
    lastSource().open();
    expect(logArea()).toHaveTextContent('No lines yet.');
    lastSource().send('GET / 200', 'GET /about.html 200');
    expect(await within(logArea()).findByText('GET /about.html 200')).toBeVisible();
    expect(screen.getByTestId('log-count')).toHaveTextContent('2 lines');
    expect(within(dialog).getByRole('status')).toHaveTextContent('Following new lines.');
  });

  it('shows colours as styled text, never as markup, and strips them on request', async () => {
    const { user } = await openPanel();
    lastSource().open();
    lastSource().send(`${ESC}[31mERROR${ESC}[0m <b>not bold</b>`);
    const error = await within(logArea()).findByText('ERROR');
    expect(error.tagName).toBe('SPAN');
    expect(error.style.getPropertyValue('--ansi-light')).toBe('#b91c1c');
    expect(logArea().querySelector('b')).toBeNull();
    expect(logArea()).toHaveTextContent('ERROR <b>not bold</b>');
    expect(logArea().textContent).not.toContain(ESC);

    await user.click(screen.getByRole('checkbox', { name: 'Colours' }));
    expect(logArea().querySelector('span')).toBeNull();
    expect(logArea()).toHaveTextContent('ERROR <b>not bold</b>');
  });

  it('holds new lines back while paused and shows them on Follow', async () => {
    const { user } = await openPanel();
    lastSource().open();
    lastSource().send('first');
    await within(logArea()).findByText('first');
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByRole('status')).toHaveTextContent('Paused');
    lastSource().send('second');
    await waitFor(() =>
      expect(screen.getByTestId('log-count')).toHaveTextContent('1 new line held back'),
    );
    expect(within(logArea()).queryByText('second')).toBeNull();
    expect(lastSource().closed).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Follow' }));
    expect(within(logArea()).getByText('second')).toBeVisible();
    expect(screen.getByTestId('log-count')).not.toHaveTextContent('held back');
  });

  it('pauses when the person scrolls back to older lines, by wheel or key', async () => {
    const { user } = await openPanel();
    lastSource().open();
    lastSource().send('one', 'two');
    await within(logArea()).findByText('two');
    fireEvent.wheel(logArea(), { deltaY: 120 });
    expect(screen.getByRole('button', { name: 'Pause' })).toBeVisible();
    fireEvent.wheel(logArea(), { deltaY: -120 });
    expect(screen.getByRole('status')).toHaveTextContent('Paused');
    await user.click(screen.getByRole('button', { name: 'Follow' }));
    logArea().focus();
    await user.keyboard('{PageUp}');
    expect(screen.getByRole('button', { name: 'Follow' })).toBeVisible();
  });

  it('keeps the newest 10,000 lines and renders only those in view', async () => {
    await openPanel();
    lastSource().open();
    lastSource().send(...Array.from({ length: 10_500 }, (_, i) => `line ${i}`));
    await waitFor(() =>
      expect(screen.getByTestId('log-count')).toHaveTextContent(
        '10,000 lines · only the newest 10,000 are kept: 500 older lines dropped',
      ),
    );
    const rows = logArea().querySelectorAll('[data-index]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    // jsdom cannot scroll, so the view stays at the top: the oldest kept line is line 500.
    expect(rows[0]).toHaveTextContent(/^line 500$/);
  });

  it('copies the shown lines without escape codes', async () => {
    const { user } = await openPanel();
    lastSource().open();
    lastSource().send(`${ESC}[32mok${ESC}[0m one`, 'two');
    await within(logArea()).findByText('two');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('ok one\ntwo\n');
    expect(screen.getByRole('status')).toHaveTextContent('Copied 2 lines.');
  });

  it('downloads the shown lines as {type}-logs.txt, without escape codes', async () => {
    const { user } = await openPanel();
    lastSource().open();
    lastSource().send(`${ESC}[1mbold${ESC}[0m line`);
    await within(logArea()).findByText('bold');
    const blobs: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(class extends URL {}, {
        createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:logs'),
        revokeObjectURL: () => undefined,
      }),
    );
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    await user.click(screen.getByRole('button', { name: 'Download' }));
    expect(clicked.map((a) => [a.download, a.getAttribute('href')])).toEqual([
      ['dev-logs.txt', 'blob:logs'],
    ]);
    expect(await blobs[0]?.text()).toBe('bold line\n');
  });

  it.each(['en', 'de'] as const)(
    'says why when the container is gone, as getErrorMessage does (%s)',
    async (lang) => {
      const gone = {
        error: 'not_found' as const,
        message: 'There is no Development Container yet.',
      };
      mockFetch({ 'GET /api/container/dev/logs': () => ({ status: 404, body: gone }) });
      const user = userEvent.setup();
      await renderWithProviders(<ContainerLogs container={running} />, { lang });
      await user.click(screen.getByRole('button', { name: 'Logs' }));
      lastSource().fail();
      const expected = getErrorMessage(new ApiError(404, gone), createI18n(lang).t);
      expect(await screen.findByRole('alert')).toHaveTextContent(expected);
      expect(lastSource().closed).toBe(true);
    },
  );

  it('stops when the stream ends, instead of being sent the lines again, and reconnects on request', async () => {
    const { user } = await openPanel();
    lastSource().open();
    lastSource().send('last words');
    lastSource().fail();
    expect(lastSource().closed).toBe(true);
    expect(screen.getByRole('status')).toHaveTextContent('The container is not running');
    expect(within(logArea()).getByText('last words')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(FakeEventSource.all).toHaveLength(2);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the last lines…');
  });

  it('speaks German', async () => {
    const user = userEvent.setup();
    await renderWithProviders(<ContainerLogs container={running} />, { lang: 'de' });
    await user.click(screen.getByRole('button', { name: 'Logs' }));
    const dialog = screen.getByRole('dialog', { name: 'Logs von Development Container' });
    lastSource().open();
    lastSource().send('eins', 'zwei');
    expect(
      await within(dialog).findByText('2 Zeilen · die neuesten 10.000 werden behalten'),
    ).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Pausieren' })).toBeEnabled();
    expect(within(dialog).getByRole('checkbox', { name: 'Farben' })).toBeChecked();
  });

  it('closes the stream when the panel closes', async () => {
    const { user, dialog } = await openPanel();
    lastSource().open();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(lastSource().closed).toBe(true);
  });
});
