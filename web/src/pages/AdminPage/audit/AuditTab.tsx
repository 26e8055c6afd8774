import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auditQuery } from '../../../api/adminQueries';
import { useDocumentTitle } from '../../../components/useDocumentTitle';
import { isForbidden, NotAllowed } from '../NotAllowed';
import { PagedList } from '../table/PagedList';
import { pageOf } from '../table/listParams';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { auditQueryOf, type AuditParams } from './auditParams';

/** Who did what, newest first, filtered and paged by the address. */
export function AuditTab({
  params,
  onParams,
}: {
  params: AuditParams;
  onParams: (params: AuditParams) => void;
}) {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.audit.title'));
  const list = useQuery(auditQuery(auditQueryOf(params)));
  if (isForbidden(list.error)) return <NotAllowed />;
  const events = list.data?.events;
  // The filter form starts afresh when the address's filters change (back, forward, clear).
  const filtersKey = JSON.stringify({ ...params, page: undefined });

  return (
    <section aria-labelledby="audit-heading" className="flex flex-col gap-4">
      <h2 id="audit-heading" className="text-lg font-semibold">
        {t('admin.audit.title')}
      </h2>
      <AuditFilters key={filtersKey} params={params} onApply={onParams} />
      <PagedList
        query={list}
        rows={events}
        emptyText={t('admin.audit.empty')}
        page={pageOf(params)}
        onPage={(page) => onParams({ ...params, page: String(page) })}
      >
        {(rows) => <AuditTable events={rows} />}
      </PagedList>
    </section>
  );
}
