import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CONTAINER_SORTS } from '../../../api/adminClient';
import { containersAdminQuery } from '../../../api/adminQueries';
import { useDocumentTitle } from '../../../components/useDocumentTitle';
import { isForbidden, NotAllowed } from '../NotAllowed';
import { PagedList } from '../table/PagedList';
import { SearchBox } from '../table/SearchBox';
import { PER_PAGE, pageOf, sortOf, type ContainerListParams } from '../table/listParams';
import { StatusFilter, statusOf } from './StatusFilter';
import { ContainersTable } from './ContainersTable';

const DEFAULT_SORT = { sort: 'last_used', order: 'desc' } as const;

/** Every container of every person: searched, sorted and paged by the server. */
export function ContainersTab({
  params,
  onParams,
}: {
  params: ContainerListParams;
  onParams: (params: ContainerListParams) => void;
}) {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.containers.title'));
  const page = pageOf(params);
  const sort = sortOf(params, CONTAINER_SORTS, DEFAULT_SORT);
  const status = statusOf(params.status);
  const list = useQuery(
    containersAdminQuery({ q: params.q, status, ...sort, page, per_page: PER_PAGE }),
  );
  if (isForbidden(list.error)) return <NotAllowed />;
  const containers = list.data?.containers;

  return (
    <section aria-labelledby="containers-heading" className="flex flex-col gap-4">
      <h2 id="containers-heading" className="text-lg font-semibold">
        {t('admin.containers.title')}
      </h2>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
        <SearchBox
          key={params.q ?? ''}
          label={t('admin.containers.search')}
          value={params.q ?? ''}
          onSearch={(q) => onParams({ ...params, q: q || undefined, page: undefined })}
        />
        <StatusFilter
          value={status}
          onChange={(next) => onParams({ ...params, status: next, page: undefined })}
        />
      </div>
      <PagedList
        query={list}
        rows={containers}
        emptyText={t('admin.containers.empty')}
        page={page}
        onPage={(p) => onParams({ ...params, page: String(p) })}
      >
        {(rows) => (
          <ContainersTable
            containers={rows}
            sort={sort}
            onSort={(next) => onParams({ ...params, ...next, page: undefined })}
          />
        )}
      </PagedList>
    </section>
  );
}
