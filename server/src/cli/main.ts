import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { DomainError } from '../errors.js';
import { APP_VERSION } from '../version.js';
import { registerBackup } from './backup.js';
import { registerContainers } from './containers.js';
import { registerDoctor } from './doctor.js';
import { registerMigrate } from './migrate.js';
import { CliError } from './output.js';
import { registerUsers } from './users.js';

/** The operator's command line (`npx spawner …`): settings from the environment, like the server. */
const program = new Command('spawner')
  .description(
    'Operate spawner: check the set-up, manage users and containers, migrate and back up the store.',
  )
  .version(APP_VERSION)
  .showHelpAfterError();
const env = process.env;
registerDoctor(program, env);
registerUsers(program, env);
registerContainers(program, env);
registerMigrate(program, env);
registerBackup(program, env);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) {
    // The server's start-up rule: bad settings exit 2, each one named.
    for (const problem of err.problems)
      process.stderr.write(`spawner: invalid setting ${problem}\n`);
    process.exitCode = 2;
  } else if (err instanceof CliError || err instanceof DomainError) {
    // Refusals the operator can act on (no such user, the last administrator, ...): no stack.
    process.stderr.write(`spawner: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
// Engine and store clients may hold sockets open; the command is done.
process.exit(process.exitCode ?? 0);
