import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usersQuery } from '../../../api/adminQueries';
import { USER_SORTS } from '../../../api/adminClient';
import { useDocumentTitle } from '../../../components/useDocumentTitle';
import { isForbidden, NotAllowed } from '../NotAllowed';
import { PagedList } from '../table/PagedList';
import { SearchBox } from '../table/SearchBox';
import { PER_PAGE, pageOf, sortOf, type ListParams } from '../table/listParams';
import { InviteForm } from './InviteForm';
import { UsersTable } from './UsersTable';

const DEFAULT_SORT = { sort: 'email', order: 'asc' } as const;

/** Everyone with an account: searched, sorted and paged by the server, as the address says. */
export function UsersTab({
  params,
  onParams,
}: {
  params: ListParams;
  onParams: (params: ListParams) => void;
}) {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.users.title'));
  const page = pageOf(params);
  const sort = sortOf(params, USER_SORTS, DEFAULT_SORT);
  const list = useQuery(usersQuery({ q: params.q, ...sort, page, per_page: PER_PAGE }));
  if (isForbidden(list.error)) return <NotAllowed />;
  const users = list.data?.users;

  return (
    <section aria-labelledby="users-heading" className="flex flex-col gap-4">
      <h2 id="users-heading" className="text-lg font-semibold">
        {t('admin.users.title')}
      </h2>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
        <SearchBox
          key={params.q ?? ''}
          label={t('admin.users.search')}
          value={params.q ?? ''}
          onSearch={(q) => onParams({ ...params, q: q || undefined, page: undefined })}
        />
        <InviteForm />
      </div>
      <PagedList
        query={list}
        rows={users}
        emptyText={t('admin.users.empty')}
        page={page}
        onPage={(p) => onParams({ ...params, page: String(p) })}
      >
        {(rows) => (
          <UsersTable
            users={rows}
            sort={sort}
            onSort={(next) => onParams({ ...params, ...next, page: undefined })}
          />
        )}
      </PagedList>
    </section>
  );
}
