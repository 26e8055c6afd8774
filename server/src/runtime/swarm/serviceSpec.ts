import type Docker from 'dockerode';
import { LABELS, OURS } from '../../containers/identity.js';
import type { ContainerSpec } from '../runtime.js';

/** Labels only the Swarm runtime sets on a service, read back by inspect and list. */
export const SWARM_LABELS = {
  /** The id of the image the service was made from: a tag may point elsewhere later. */
  imageId: 'spawner.image-id',
  /** The node holding the service's data volumes, which it is pinned to. */
  node: 'spawner.node',
} as const;

/** /tmp and /run of a read-only container: in memory, bounded, as on the docker runtime. */
const TMPFS_BYTES = 64 * 1024 ** 2;
const TMPFS_MODE = 0o1777;

/**
 * Share of the memory and CPU limits the scheduler reserves on a node. The docker runtime
 * reserves nothing (apps idle most of the time); reserving the whole limit would leave most of
 * a node unused, so a quarter keeps a node from taking four times more than it has.
 */
const RESERVED_SHARE = 0.25;

/** How long a stopping app gets after SIGTERM, as `docker stop -t 10`. */
const STOP_GRACE_NS = 10e9;
/** A crashed app is started again after this pause (Swarm's own default is 5 s). */
const RESTART_DELAY_NS = 5e9;

export interface Placement {
  /** The network the task joins. */
  network: string;
  /** The hostname of the node holding the data volumes; undefined when there are none. */
  node: string | undefined;
  imageId: string;
}

/**
 * The service for one user container: one replica (created at 0, i.e. stopped), the same
 * confinement as the docker runtime where Swarm's API can say it (docs/swarm.md lists the rest),
 * reached by its task's address (dnsrr: no virtual IP, no published port).
 */
export function serviceSpec(
  spec: ContainerSpec,
  placement: Placement,
): Docker.CreateServiceOptions {
  const { security } = spec;
  const identity = {
    ...spec.labels,
    ...OURS,
    [LABELS.port]: String(spec.port),
    [LABELS.network]: placement.network,
    [SWARM_LABELS.imageId]: placement.imageId,
    ...(placement.node ? { [SWARM_LABELS.node]: placement.node } : {}),
  };
  const nanoCpus = Math.round(spec.cpus * 1e9);
  return {
    Name: spec.name,
    // Traefik's swarm provider reads service labels; it reaches the task on this network.
    Labels: { ...identity, 'traefik.swarm.network': placement.network },
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        // The task's container carries them too, so `docker ps` on a node tells whose it is.
        Labels: identity,
        ReadOnly: security.readOnlyRootFilesystem,
        CapabilityDrop: ['ALL'],
        CapabilityAdd: security.capabilities,
        Ulimits: [{ Name: 'nofile', Soft: security.maxOpenFiles, Hard: security.maxOpenFiles }],
        StopGracePeriod: STOP_GRACE_NS,
        Mounts: [
          ...spec.mounts.map((m) => ({
            Type: 'volume' as const,
            Source: m.volume,
            Target: m.target,
          })),
          ...security.tmpfs.map((target) => ({
            Type: 'tmpfs' as const,
            Source: '',
            Target: target,
            TmpfsOptions: { SizeBytes: TMPFS_BYTES, Mode: TMPFS_MODE },
          })),
        ],
      },
      Resources: {
        Limits: { MemoryBytes: spec.memoryBytes, NanoCPUs: nanoCpus, Pids: security.pidsLimit },
        Reservations: {
          MemoryBytes: Math.round(spec.memoryBytes * RESERVED_SHARE),
          NanoCPUs: Math.round(nanoCpus * RESERVED_SHARE),
        },
      },
      // `unless-stopped`: a crashed app comes back; a stop is a scale to 0, which nothing undoes.
      RestartPolicy: { Condition: 'any', Delay: RESTART_DELAY_NS },
      Placement: placement.node ? { Constraints: [`node.hostname==${placement.node}`] } : {},
      Networks: [{ Target: placement.network }],
    },
    Mode: { Replicated: { Replicas: 0 } },
    EndpointSpec: { Mode: 'dnsrr' },
  };
}
