import type { Cleanup } from '../proxy/support.js';
import { startNginx } from '../proxy/targets.js';

/** The two ways in: nginx with the first process upstream, and nginx with both (round robin). */
export const SETUPS = ['one replica', 'two replicas'] as const;
export type Setup = (typeof SETUPS)[number];

/** Both ways in to the two processes listening on `ports`: each setup's nginx port. */
export async function startSetups(
  cleanup: Cleanup,
  opts: { dir: string; ports: number[]; cpus: string | undefined; name: string },
): Promise<Record<Setup, number>> {
  const nginx = (upstreamPorts: number[], which: string) =>
    startNginx(cleanup, {
      dir: opts.dir,
      upstreamPorts,
      cpus: opts.cpus,
      name: `nginx-${opts.name}-${which}`,
    });
  const one = await nginx(opts.ports.slice(0, 1), 'one');
  const two = await nginx(opts.ports, 'two');
  return { 'one replica': one.port, 'two replicas': two.port };
}
