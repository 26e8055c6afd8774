import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import type { AdminService } from '../admin/adminService.js';
import { CliError } from './output.js';

/** A commander parser from a zod schema: the message of the first issue on a bad value. */
function parsedBy<T>(schema: z.ZodType<T>): (value: string) => T {
  return (value) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
    return parsed.data;
  };
}

export const emailArgument = parsedBy(z.email());
export const positiveIntArgument = parsedBy(z.coerce.number().int().min(1));

/** A person named on the command line by email address or by id. */
export async function userIdOf(admin: AdminService, who: string): Promise<number> {
  if (/^\d+$/.test(who)) return (await admin.user(Number(who))).id;
  const user = await admin.userByEmail(who);
  if (!user) throw new CliError(`there is no user ${who}`);
  return user.id;
}
