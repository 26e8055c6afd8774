import { useTranslation } from 'react-i18next';
import type { AdminContainer, ContainerSort } from '../../../api/adminClient';
import { RelativeTime } from '../../../components/RelativeTime';
import { StatusBadge } from '../../DashboardPage/StatusBadge';
import { SortableHeader, Header } from '../table/SortableHeader';
import { cellClass, headClass, rowClass, TableFrame } from '../table/TableFrame';
import type { SortOrder } from '../table/listParams';
import { ContainerAdminActions } from './ContainerAdminActions';

type Sort = { sort: ContainerSort; order: SortOrder };

export function ContainersTable({
  containers,
  sort,
  onSort,
}: {
  containers: AdminContainer[];
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  const { t } = useTranslation();
  const sortable = (column: ContainerSort, label: string) => (
    <SortableHeader label={label} column={column} sort={sort} onSort={onSort} />
  );
  return (
    <TableFrame caption={t('admin.containers.caption')}>
      <thead className={headClass}>
        <tr>
          {sortable('email', t('admin.containers.owner'))}
          <Header label={t('admin.containers.template')} />
          <Header label={t('admin.containers.status')} />
          {sortable('created', t('admin.containers.created'))}
          {sortable('last_used', t('admin.containers.lastUsed'))}
          <Header label={t('admin.containers.actions')} />
        </tr>
      </thead>
      <tbody>
        {containers.map((c) => (
          <tr
            key={`${c.owner.id}-${c.type}`}
            className={rowClass}
            data-testid={`container-${c.owner.email}-${c.type}`}
          >
            <td className={`${cellClass} font-medium break-all`}>{c.owner.email}</td>
            <td className={`${cellClass} font-mono text-xs`}>{c.type}</td>
            <td className={cellClass}>
              <StatusBadge status={c.status} starting={false} />
            </td>
            <td className={`${cellClass} whitespace-nowrap`}>
              {c.created_at ? <RelativeTime iso={c.created_at} /> : t('admin.never')}
            </td>
            <td className={`${cellClass} whitespace-nowrap`}>
              {c.last_used ? <RelativeTime iso={c.last_used} /> : t('admin.never')}
            </td>
            <td className={cellClass}>
              <ContainerAdminActions container={c} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
