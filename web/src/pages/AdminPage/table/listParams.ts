/** The address's params of a searchable, sortable, paged list (users, containers). */
export const LIST_PARAMS = ['q', 'sort', 'order', 'page'] as const;
export type ListParams = Partial<Record<(typeof LIST_PARAMS)[number], string>>;

/** The containers list also filters by state. */
export const CONTAINER_LIST_PARAMS = [...LIST_PARAMS, 'status'] as const;
export type ContainerListParams = Partial<Record<(typeof CONTAINER_LIST_PARAMS)[number], string>>;

export type SortOrder = 'asc' | 'desc';

/** Rows per page of every admin list. */
export const PER_PAGE = 25;

/** The page the address names; 1 for anything that is not a whole number ≥ 1. */
export function pageOf(params: { page?: string }): number {
  const page = Number(params.page);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** The sort column and order the address names, when the list knows that column. */
export function sortOf<C extends string>(
  params: ListParams,
  columns: readonly C[],
  fallback: { sort: C; order: SortOrder },
): { sort: C; order: SortOrder } {
  const sort = columns.find((c) => c === params.sort);
  if (!sort) return fallback;
  return { sort, order: params.order === 'desc' ? 'desc' : 'asc' };
}

/** Sorting by a column: ascending first, the other way when it is already sorted by it. */
export function nextSort<C extends string>(
  current: { sort: C; order: SortOrder },
  column: C,
): { sort: C; order: SortOrder } {
  if (current.sort !== column) return { sort: column, order: 'asc' };
  return { sort: column, order: current.order === 'asc' ? 'desc' : 'asc' };
}
