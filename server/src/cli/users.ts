import { adminUsersQuerySchema, type AdminUser } from '@spawner/api';
import type { Command } from 'commander';
import { positiveIntArgument, userIdOf } from './arguments.js';
import { CliError, printPage, queryError } from './output.js';
import { OPERATOR, withPlatform } from './platform.js';
import type { Column } from './table.js';

interface ListOptions {
  search?: string;
  sort?: string;
  order?: string;
  page?: number;
  perPage?: number;
  json?: boolean;
}

const columns: Column<AdminUser>[] = [
  { header: 'ID', value: (u) => u.id },
  { header: 'EMAIL', value: (u) => u.email },
  { header: 'SLUG', value: (u) => u.slug },
  { header: 'CREATED', value: (u) => u.created_at },
  { header: 'LAST SEEN', value: (u) => u.last_seen },
  { header: 'RUNNING', value: (u) => u.running_containers },
  { header: 'BLOCKED', value: (u) => (u.blocked ? 'blocked' : '') },
  { header: 'ADMIN', value: (u) => (u.is_admin ? 'admin' : '') },
];

/** One person as a line: what an action left them as. */
function describe(user: AdminUser): string {
  const flags = [user.blocked ? 'blocked' : 'not blocked', user.is_admin ? 'admin' : 'not admin'];
  return `${user.email} (id ${user.id}): ${flags.join(', ')}, ${user.running_containers} running\n`;
}

/** `spawner users list|block|unblock|admin|delete`. */
export function registerUsers(program: Command, env: NodeJS.ProcessEnv): void {
  const users = program
    .command('users')
    .description('list people and block, unblock, make admin or delete them (by email or id)');

  users
    .command('list')
    .description('list people: email, slug, created, last seen, running containers, flags')
    .option('--search <text>', 'part of the email address or slug')
    .option('--sort <column>', 'email, created or last_seen', 'email')
    .option('--order <order>', 'asc or desc', 'asc')
    .option('--page <n>', 'page number', positiveIntArgument)
    .option('--per-page <n>', 'people per page (at most 200)', positiveIntArgument)
    .option('--json', 'print the answer of GET /api/admin/users as JSON')
    .action(async (options: ListOptions) => {
      const filter = adminUsersQuerySchema.safeParse({
        q: options.search,
        sort: options.sort,
        order: options.order,
        page: options.page,
        per_page: options.perPage,
      });
      if (!filter.success) throw queryError(filter.error);
      await withPlatform(env, async (app) => {
        const answer = await app.admin.listUsers(filter.data);
        printPage(answer, answer.users, columns, options.json);
      });
    });

  users
    .command('block')
    .description('block a person: no sign-in, every session ends now, their containers stop')
    .argument('<user>', 'email address or id')
    .action((who: string) =>
      withPlatform(env, async ({ admin }) => {
        const user = await admin.block(OPERATOR, await userIdOf(admin, who));
        process.stdout.write(`blocked ${describe(user)}`);
      }),
    );

  users
    .command('unblock')
    .description('let a blocked person sign in again')
    .argument('<user>', 'email address or id')
    .action((who: string) =>
      withPlatform(env, async ({ admin }) => {
        const user = await admin.unblock(OPERATOR, await userIdOf(admin, who));
        process.stdout.write(`unblocked ${describe(user)}`);
      }),
    );

  users
    .command('admin')
    .description('make a person an administrator (--revoke: no longer one)')
    .argument('<user>', 'email address or id')
    .option('--revoke', 'take the administrator flag away')
    .action((who: string, options: { revoke?: boolean }) =>
      withPlatform(env, async ({ admin }) => {
        const grant = !options.revoke;
        const user = await admin.setAdmin(OPERATOR, await userIdOf(admin, who), grant);
        process.stdout.write(
          `${grant ? 'granted admin to' : 'revoked admin of'} ${describe(user)}`,
        );
      }),
    );

  users
    .command('delete')
    .description('delete a person with their containers and data volumes (needs --yes)')
    .argument('<user>', 'email address or id')
    .option('--yes', 'yes, delete them and their data for good')
    .action((who: string, options: { yes?: boolean }) =>
      withPlatform(env, async ({ admin }) => {
        const id = await userIdOf(admin, who);
        const user = await admin.user(id);
        if (!options.yes) {
          throw new CliError(
            `this deletes ${user.email}, their containers and their data for good: run again with --yes`,
          );
        }
        await admin.deleteUser(OPERATOR, id);
        process.stdout.write(`deleted ${user.email} (id ${id}), their containers and data\n`);
      }),
    );
}
