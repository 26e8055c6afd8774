import type { Config } from '../config.js';
import { DockerRuntime } from './docker.js';
import type { Runtime } from './runtime.js';
import { SwarmRuntime } from './swarm.js';

/** The runtime RUNTIME names: users' containers as containers, or as Swarm services. */
export function createRuntime(
  config: Pick<Config, 'runtime' | 'dockerHost' | 'dockerNetwork'>,
): Runtime {
  return config.runtime === 'swarm'
    ? new SwarmRuntime(config.dockerHost, config.dockerNetwork)
    : new DockerRuntime(config.dockerHost);
}
