import { createRoute, redirect } from '@tanstack/react-router';
import { AdminPage } from '../pages/AdminPage/AdminPage';
import { AuditTab } from '../pages/AdminPage/audit/AuditTab';
import { AUDIT_PARAMS } from '../pages/AdminPage/audit/auditParams';
import { ContainersTab } from '../pages/AdminPage/containers/ContainersTab';
import { CONTAINER_LIST_PARAMS, LIST_PARAMS } from '../pages/AdminPage/table/listParams';
import { UsersTab } from '../pages/AdminPage/users/UsersTab';
import { rootRoute } from './rootRoute';
import { pickParams } from './search';

/** The admin console: one page with a tab per list; each list's state lives in the address. */
const consoleRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin',
  component: AdminPage,
});

const indexRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/',
  beforeLoad: () => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack's redirects are thrown
    throw redirect({ to: '/admin/users', replace: true });
  },
});

const usersRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'users',
  validateSearch: (search) => pickParams(search, LIST_PARAMS),
  component: function UsersRoute() {
    const params = usersRoute.useSearch();
    const navigate = usersRoute.useNavigate();
    return <UsersTab params={params} onParams={(search) => void navigate({ search })} />;
  },
});

const containersRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'containers',
  validateSearch: (search) => pickParams(search, CONTAINER_LIST_PARAMS),
  component: function ContainersRoute() {
    const params = containersRoute.useSearch();
    const navigate = containersRoute.useNavigate();
    return <ContainersTab params={params} onParams={(search) => void navigate({ search })} />;
  },
});

const auditRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'audit',
  validateSearch: (search) => pickParams(search, AUDIT_PARAMS),
  component: function AuditRoute() {
    const params = auditRoute.useSearch();
    const navigate = auditRoute.useNavigate();
    return <AuditTab params={params} onParams={(search) => void navigate({ search })} />;
  },
});

export const adminRoute = consoleRoute.addChildren([
  indexRoute,
  usersRoute,
  containersRoute,
  auditRoute,
]);
