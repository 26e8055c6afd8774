import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Language } from '../i18n/languages';
import { createQueryClient } from '../queryClient';
import type { Container } from '../api/types';

/** Renders with the app's real query client and i18n. */
export function renderWithProviders(ui: ReactElement, { lang = 'en' }: { lang?: Language } = {}) {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  return {
    client,
    ...render(
      <QueryClientProvider client={client}>
        <I18nProvider initial={lang}>{ui}</I18nProvider>
      </QueryClientProvider>,
    ),
  };
}

export function buildContainer(overrides: Partial<Container> = {}): Container {
  return {
    type: 'dev',
    display_name: 'Development Container',
    description: 'Nginx based development container',
    status: 'not_created',
    service_url: 'http://localhost:8080/test-dev',
    container_id: null,
    created_at: null,
    last_used: null,
    error: null,
    ...overrides,
  };
}

type Handler = (
  body: unknown,
) =>
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;

/** Stubs `fetch` with one handler per "METHOD /path"; unknown calls fail the test. */
export function mockFetch(routes: Record<string, Handler>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://localhost',
    );
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    const handler = routes[key];
    if (!handler) throw new Error(`unexpected fetch: ${key}`);
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const res = await handler(body);
    return new Response(res.body === undefined ? null : JSON.stringify(res.body), {
      status: res.status,
      headers: { 'Content-Type': 'application/json', ...res.headers },
    });
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}
