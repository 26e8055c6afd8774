import { Ban, CircleCheck, ShieldCheck } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, UserSort } from '../../../api/adminClient';
import { RelativeTime } from '../../../components/RelativeTime';
import { Badge } from '../table/Badge';
import { Header, SortableHeader } from '../table/SortableHeader';
import { cellClass, headClass, rowClass, TableFrame } from '../table/TableFrame';
import type { SortOrder } from '../table/listParams';
import { UserActions } from './UserActions';

type Sort = { sort: UserSort; order: SortOrder };

export function UsersTable({
  users,
  sort,
  onSort,
}: {
  users: AdminUser[];
  sort: Sort;
  onSort: (sort: Sort) => void;
}) {
  const { t } = useTranslation();
  const sortable = (column: UserSort, label: string) => (
    <SortableHeader label={label} column={column} sort={sort} onSort={onSort} />
  );
  return (
    <TableFrame caption={t('admin.users.caption')}>
      <thead className={headClass}>
        <tr>
          {sortable('email', t('admin.users.email'))}
          <Header label={t('admin.users.slug')} />
          <Header label={t('admin.users.status')} />
          {sortable('created', t('admin.users.created'))}
          {sortable('last_seen', t('admin.users.lastSeen'))}
          <Header label={t('admin.users.running')} />
          <Header label={t('admin.users.actions')} />
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u.id} className={rowClass} data-testid={`user-${u.email}`}>
            <td className={`${cellClass} font-medium break-all`}>{u.email}</td>
            <td className={`${cellClass} font-mono text-xs`}>{u.slug}</td>
            <td className={cellClass}>
              <div className="flex flex-wrap gap-1">
                {u.blocked ? (
                  <Badge tone="red" icon={Ban} label={t('admin.users.blocked')} />
                ) : (
                  <Badge tone="green" icon={CircleCheck} label={t('admin.users.active')} />
                )}
                {u.is_admin && (
                  <Badge tone="indigo" icon={ShieldCheck} label={t('admin.users.admin')} />
                )}
              </div>
            </td>
            <td className={`${cellClass} whitespace-nowrap`}>
              <RelativeTime iso={u.created_at} />
            </td>
            <td className={`${cellClass} whitespace-nowrap`}>
              {u.last_seen ? <RelativeTime iso={u.last_seen} /> : t('admin.never')}
            </td>
            <td className={`${cellClass} tabular-nums`}>{u.running_containers}</td>
            <td className={cellClass}>
              <UserActions user={u} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
