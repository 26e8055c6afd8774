import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { emailArgument } from './arguments.js';
import { formatChecks } from './check.js';
import { printJson } from './output.js';
import { settingsChecks } from './settingsChecks.js';
import { engineChecks, firewallCheck, mailCheck, storeCheck } from './systemChecks.js';

interface DoctorOptions {
  sendTest?: string;
  json?: boolean;
}

/** `spawner doctor`: every check, what to fix; exit 1 when any check fails. */
export function registerDoctor(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('doctor')
    .description(
      'check the set-up: engine, template images, store, mail, public URL, routing, sign-up, firewall',
    )
    .option('--send-test <address>', 'also send a test mail to this address', emailArgument)
    .option('--json', 'print the results as JSON')
    .action(async (options: DoctorOptions) => {
      const config = loadConfig(env);
      // The slow ones (each may wait for an answer) run side by side.
      const [engine, store, mail, firewall] = await Promise.all([
        engineChecks(config),
        storeCheck(config),
        mailCheck(config, options.sendTest),
        firewallCheck(config),
      ]);
      const results = [...engine, store, mail, ...settingsChecks(config, env), firewall];
      const failed = results.filter((r) => r.status === 'fail').length;
      if (options.json) {
        printJson(results);
      } else {
        const warned = results.filter((r) => r.status === 'warn').length;
        process.stdout.write(formatChecks(results));
        process.stdout.write(
          failed
            ? `\n${failed} problem(s) to fix, ${warned} warning(s).\n`
            : `\nNo problems${warned ? `; ${warned} warning(s)` : ''}.\n`,
        );
      }
      if (failed) process.exitCode = 1;
    });
}
