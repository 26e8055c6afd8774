import type Docker from 'dockerode';
import { OURS } from '../../containers/identity.js';
import { engineError, statusOf } from '../docker.js';

/**
 * spawner's overlay networks on Swarm, attachable so spawner (and, in tests, a plain container)
 * can join them: users' apps are reached only there. Overlay networks have no switch to stop
 * traffic between their members (the bridge's enable_icc): docs/swarm.md says what that means.
 */
const SWARM_NETWORKS = {
  /** Where apps go unless DOCKER_NETWORK names another network. */
  apps: { name: 'spawner-apps', internal: false },
  /** For templates with `network: none`: no route out. */
  internal: { name: 'spawner-apps-internal', internal: true },
} as const;
type SwarmNetwork = (typeof SWARM_NETWORKS)[keyof typeof SWARM_NETWORKS];

/** Creates spawner's overlay networks once each, when first needed. */
export class SwarmNetworks {
  private readonly ready = new Map<string, Promise<void>>();

  constructor(
    private readonly docker: Docker,
    /** A network the operator made (DOCKER_NETWORK): used as it is, never created. */
    private readonly configured: string | undefined,
  ) {}

  /** The network a new app joins, created if it is one of ours and missing. */
  async ensure(internet: boolean, configured = this.configured): Promise<string> {
    if (internet && configured) return configured;
    const network = internet ? SWARM_NETWORKS.apps : SWARM_NETWORKS.internal;
    let ready = this.ready.get(network.name);
    if (!ready) {
      ready = this.create(network).catch((err: unknown) => {
        this.ready.delete(network.name);
        throw engineError(err, 'create the overlay network for user services');
      });
      this.ready.set(network.name, ready);
    }
    await ready;
    return network.name;
  }

  private async create(network: SwarmNetwork): Promise<void> {
    const existing = await this.docker.listNetworks({ filters: { name: [network.name] } });
    if (existing.some((n) => n.Name === network.name)) return;
    try {
      await this.docker.createNetwork({
        Name: network.name,
        Driver: 'overlay',
        Attachable: true,
        CheckDuplicate: true,
        Internal: network.internal,
        Labels: { ...OURS },
      });
    } catch (err) {
      if (statusOf(err) !== 409) throw err;
    }
  }
}
