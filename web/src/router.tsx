import { createRoute, createRouter, redirect } from '@tanstack/react-router';
import { DashboardPage } from './pages/DashboardPage/DashboardPage';
import { LoginPage } from './pages/LoginPage/LoginPage';
import { VerifyPage } from './pages/VerifyPage/VerifyPage';
import { adminRoute } from './routing/adminRoutes';
import { rootRoute } from './routing/rootRoute';
import { optionalParam, parseSearch, stringifySearch } from './routing/search';

// Code-based routes: a few pages do not need file-based codegen. The route
// reads the address (path, search params) and hands the page plain props.
const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: () => <DashboardPage />,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  // `next`: where to go after signing in; LoginPage passes it through safeNext.
  validateSearch: (search) => optionalParam(search, 'next'),
  component: function LoginRoute() {
    const { next } = loginRoute.useSearch();
    return <LoginPage next={next} />;
  },
});

const verifyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/auth/verify',
  // `token`: the magic link's one-time token, as the mail's link carries it.
  validateSearch: (search) => optionalParam(search, 'token'),
  component: function VerifyRoute() {
    const { token } = verifyRoute.useSearch();
    return <VerifyPage token={token} />;
  },
});

/** Any other path: the dashboard (which sends strangers on to sign in). */
const unknownRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '$',
  beforeLoad: () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack's redirects are thrown
    throw redirect({ to: '/', replace: true });
  },
});

const routeTree = rootRoute.addChildren([
  dashboardRoute,
  loginRoute,
  verifyRoute,
  adminRoute,
  unknownRoute,
]);

/** The app's router, on the browser's history (jsdom's in tests). */
export function createAppRouter() {
  return createRouter({ routeTree, parseSearch, stringifySearch });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
