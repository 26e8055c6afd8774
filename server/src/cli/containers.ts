import { adminContainersQuerySchema, type AdminContainer } from '@spawner/api';
import type { Command } from 'commander';
import { positiveIntArgument, userIdOf } from './arguments.js';
import { printPage, queryError } from './output.js';
import { OPERATOR, withPlatform } from './platform.js';
import type { Column } from './table.js';

interface ListOptions {
  search?: string;
  type?: string;
  status?: string;
  sort?: string;
  order?: string;
  page?: number;
  perPage?: number;
  json?: boolean;
}

const columns: Column<AdminContainer>[] = [
  { header: 'OWNER', value: (c) => c.owner.email },
  { header: 'USER ID', value: (c) => c.owner.id },
  { header: 'TYPE', value: (c) => c.type },
  { header: 'STATUS', value: (c) => c.status },
  { header: 'CONTAINER', value: (c) => c.container_id?.slice(0, 12) },
  { header: 'CREATED', value: (c) => c.created_at },
  { header: 'LAST USED', value: (c) => c.last_used },
];

/** `spawner containers list|stop|rm`. */
export function registerContainers(program: Command, env: NodeJS.ProcessEnv): void {
  const containers = program
    .command('containers')
    .description("list, stop and remove people's containers");

  containers
    .command('list')
    .description('list every container: owner, template, status, created, last used')
    .option('--search <text>', "part of the owner's email address or slug")
    .option('--type <template>', 'only this template')
    .option('--status <status>', 'running, stopped, not_created or error')
    .option('--sort <column>', 'email, created or last_used', 'email')
    .option('--order <order>', 'asc or desc', 'asc')
    .option('--page <n>', 'page number', positiveIntArgument)
    .option('--per-page <n>', 'containers per page (at most 200)', positiveIntArgument)
    .option('--json', 'print the answer of GET /api/admin/containers as JSON')
    .action(async (options: ListOptions) => {
      const filter = adminContainersQuerySchema.safeParse({
        q: options.search,
        type: options.type,
        status: options.status,
        sort: options.sort,
        order: options.order,
        page: options.page,
        per_page: options.perPage,
      });
      if (!filter.success) throw queryError(filter.error);
      await withPlatform(env, async (app) => {
        const answer = await app.admin.listContainers(filter.data);
        printPage(answer, answer.containers, columns, options.json);
      });
    });

  containers
    .command('stop')
    .description("stop a person's container (its data stays)")
    .argument('<user>', 'email address or id of the owner')
    .argument('<type>', 'the template')
    .action((who: string, type: string) =>
      withPlatform(env, async ({ admin }) => {
        const status = await admin.stopContainer(OPERATOR, await userIdOf(admin, who), type);
        process.stdout.write(`${who} ${type}: ${status}\n`);
      }),
    );

  containers
    .command('rm')
    .description("remove a person's container; its data volume stays unless --data")
    .argument('<user>', 'email address or id of the owner')
    .argument('<type>', 'the template')
    .option('--data', 'remove its data volume too, for good')
    .action((who: string, type: string, options: { data?: boolean }) =>
      withPlatform(env, async ({ admin }) => {
        const data = options.data === true;
        const id = await userIdOf(admin, who);
        const status = await admin.removeContainer(OPERATOR, id, type, { data });
        process.stdout.write(`${who} ${type}: ${status} (data ${data ? 'removed' : 'kept'})\n`);
      }),
    );
}
