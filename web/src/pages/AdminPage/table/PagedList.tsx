import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useErrorMessage } from '../../../i18n/useErrorMessage';
import { ListState } from './ListState';
import { Pagination } from './Pagination';
import { PER_PAGE } from './listParams';

/**
 * One page of a list the server searches, sorts and pages: what shows instead of rows (loading,
 * a failure with a retry, nothing found), the rows, and the pages.
 */
export function PagedList<Row>({
  query,
  rows,
  emptyText,
  page,
  onPage,
  children,
}: {
  query: UseQueryResult<{ total: number }>;
  rows: Row[] | undefined;
  emptyText: string;
  page: number;
  onPage: (page: number) => void;
  children: (rows: Row[]) => ReactNode;
}) {
  const errorMessage = useErrorMessage();
  return (
    <>
      <ListState
        loading={query.isPending}
        error={query.isError ? errorMessage(query.error) : null}
        empty={rows?.length === 0}
        emptyText={emptyText}
        onRetry={() => void query.refetch()}
      />
      {rows && rows.length > 0 && children(rows)}
      {query.data && query.data.total > 0 && (
        <Pagination page={page} perPage={PER_PAGE} total={query.data.total} onPage={onPage} />
      )}
    </>
  );
}
