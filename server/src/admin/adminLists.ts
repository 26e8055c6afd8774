import type {
  AdminContainer,
  AdminContainersResponse,
  AdminUser,
  AdminUsersResponse,
  adminContainersQuerySchema,
  adminUsersQuerySchema,
} from '@spawner/api';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { ContainerIndex, IndexedContainer } from '../containers/containerIndex.js';
import { containerName } from '../containers/identity.js';
import { statusOf } from '../containers/containerList.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';

export type AdminUsersFilter = z.output<typeof adminUsersQuerySchema>;
export type AdminContainersFilter = z.output<typeof adminContainersQuerySchema>;

/**
 * The admin console's lists. Users are searched, sorted and paged in SQL (10,000 people are one
 * indexed query, not 10,000 rows in memory); what runs comes from the container index, never
 * from the engine.
 */
export class AdminLists {
  constructor(private readonly deps: { db: Db; index: ContainerIndex }) {}

  async users(filter: AdminUsersFilter): Promise<AdminUsersResponse> {
    const { db } = this.deps;
    const pattern = filter.q ? likePattern(filter.q) : undefined;
    let query = db.selectFrom('users');
    if (pattern) {
      query = query.where((eb) =>
        eb.or([matches(sql.ref('users.email'), pattern), matches(sql.ref('users.slug'), pattern)]),
      );
    }
    const column = { email: 'email', created: 'created_at', last_seen: 'last_seen' } as const;
    const sortBy = sql.ref(`users.${column[filter.sort]}`);
    const [rows, count] = await Promise.all([
      query
        .selectAll('users')
        // Never-seen people count as the longest unseen, in either dialect (their NULLs differ).
        .orderBy(sql`case when ${sortBy} is null then 0 else 1 end`, filter.order)
        .orderBy(sortBy, filter.order)
        .orderBy('users.id', filter.order)
        .limit(filter.per_page)
        .offset((filter.page - 1) * filter.per_page)
        .execute(),
      query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const running = this.runningByUser();
    return {
      users: rows.map((row) =>
        adminUserOf(
          row,
          (running.get(row.id) ?? []).filter((c) => c.name === containerName(row, c.type)).length,
        ),
      ),
      total: Number(count.n),
      page: filter.page,
      per_page: filter.per_page,
    };
  }

  async containers(filter: AdminContainersFilter): Promise<AdminContainersResponse> {
    const { db, index } = this.deps;
    let query = db
      .selectFrom('user_containers')
      .innerJoin('users', 'users.id', 'user_containers.user_id');
    if (filter.q) {
      const pattern = likePattern(filter.q);
      query = query.where((eb) =>
        eb.or([matches(sql.ref('users.email'), pattern), matches(sql.ref('users.slug'), pattern)]),
      );
    }
    if (filter.type) query = query.where('user_containers.container_type', '=', filter.type);
    const column = {
      email: 'users.email',
      created: 'user_containers.created_at',
      last_used: 'user_containers.last_used',
    } as const;
    const sortBy = sql.ref(column[filter.sort]);
    const rows = await query
      .selectAll('user_containers')
      .select(['users.email', 'users.slug'])
      .orderBy(sql`case when ${sortBy} is null then 0 else 1 end`, filter.order)
      .orderBy(sortBy, filter.order)
      .orderBy('user_containers.id', filter.order)
      .execute();
    // The status lives in the index, not the store: filtered here, then paged.
    const all = rows
      .map((row): AdminContainer => {
        const info = row.container_id ? index.byContainerId(row.container_id) : undefined;
        return {
          owner: { id: row.user_id, email: row.email, slug: row.slug },
          type: row.container_type,
          status: index.reachable ? statusOf(info, row) : 'error',
          container_id: row.container_id,
          created_at: row.created_at,
          last_used: row.last_used,
        };
      })
      .filter((entry) => !filter.status || entry.status === filter.status);
    const start = (filter.page - 1) * filter.per_page;
    return {
      containers: all.slice(start, start + filter.per_page),
      total: all.length,
      page: filter.page,
      per_page: filter.per_page,
    };
  }

  /**
   * Running containers by owner id. A person's are those with the name made for them: user ids
   * repeat across spawners that share an engine (each with its own store), names do not.
   */
  private runningByUser(): Map<number, IndexedContainer[]> {
    const byUser = new Map<number, IndexedContainer[]>();
    for (const c of this.deps.index.running()) {
      const theirs = byUser.get(c.userId);
      if (theirs) theirs.push(c);
      else byUser.set(c.userId, [c]);
    }
    return byUser;
  }
}

export function adminUserOf(row: UserRow, runningContainers: number): AdminUser {
  return {
    id: row.id,
    email: row.email,
    slug: row.slug,
    created_at: row.created_at,
    last_seen: row.last_seen,
    running_containers: runningContainers,
    blocked: row.blocked_at !== null,
    is_admin: row.is_admin === 1,
  };
}

/**
 * `%q%` with the search's own `%`, `_` and `\` taken literally. Emails and slugs are stored
 * lower-case, so a lower-cased search matches in both dialects (PostgreSQL's LIKE is
 * case-sensitive, SQLite's is not).
 */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function matches(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}
