import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { AnyRouter } from '@tanstack/react-router';
import { createRootRoute, createRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Language } from '../i18n/languages';
import { createQueryClient } from '../queryClient';
import { createAppRouter } from '../router';
import { parseSearch, stringifySearch } from '../routing/search';
import { sendToSignIn } from '../routing/signIn';
import type { Container } from '../api/types';

interface Options {
  lang?: Language;
}

/** Shows `ui` at every path, so a page can navigate while the test watches `window.location`. */
function routerShowing(ui: ReactElement): AnyRouter {
  const root = createRootRoute({ component: () => ui });
  const anyPath = [
    createRoute({ getParentRoute: () => root, path: '/' }),
    createRoute({ getParentRoute: () => root, path: '$' }),
  ];
  return createRouter({ routeTree: root.addChildren(anyPath), parseSearch, stringifySearch });
}

/** Renders the router with the app's real query client and i18n, on jsdom's history. */
async function renderRouter(router: AnyRouter, { lang = 'en' }: Options) {
  const client = createQueryClient(() => sendToSignIn(router));
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  // Resolve the first match before rendering, so the page is there when render returns.
  await router.load();
  return {
    client,
    router,
    ...render(
      <QueryClientProvider client={client}>
        <I18nProvider initial={lang}>
          <RouterProvider router={router} />
        </I18nProvider>
      </QueryClientProvider>,
    ),
  };
}

/** Renders one component inside the app's providers and a router. */
export function renderWithProviders(ui: ReactElement, options: Options = {}) {
  return renderRouter(routerShowing(ui), options);
}

/** Renders the whole app at `path`, through its real routes. */
export function renderApp(path: string, options: Options = {}) {
  window.history.replaceState(null, '', path);
  return renderRouter(createAppRouter(), options);
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
    error_code: null,
    update_available: false,
    stops_at: null,
    data_size_bytes: null,
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
