import type Docker from 'dockerode';

const MANAGED = 'spawner.managed=true';

/** Removes containers by id, forced with their anonymous volumes, `concurrency` at a time; gone ones are fine. */
export async function removeContainers(
  docker: Docker,
  ids: string[],
  concurrency: number,
): Promise<void> {
  const left = [...ids];
  if (left.length) console.log(`removing ${left.length} containers`);
  const worker = async (): Promise<void> => {
    for (let id = left.pop(); id; id = left.pop()) {
      await docker.getContainer(id).remove({ force: true, v: true }).catch(unlessGone);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** spawner's containers of the people whose slugs start with `slugPrefix` (by their names). */
export async function spawnerContainersOf(docker: Docker, slugPrefix: string): Promise<string[]> {
  const mine = await docker.listContainers({ all: true, filters: { label: [MANAGED] } });
  return mine
    .filter((c) => c.Names.some((n) => n.startsWith(`/user-${slugPrefix}`)))
    .map((c) => c.Id);
}

/** Removes spawner's volumes that `ours` picks (e.g. data volumes named for a run's people). */
export async function removeVolumes(
  docker: Docker,
  ours: (volume: { Name: string; Labels: Record<string, string> | null }) => boolean,
): Promise<void> {
  const { Volumes } = await docker.listVolumes({ filters: { label: [MANAGED] } });
  for (const volume of Volumes ?? []) {
    if (ours(volume)) await docker.getVolume(volume.Name).remove().catch(unlessGone);
  }
}

function unlessGone(err: unknown): void {
  if ((err as { statusCode?: number }).statusCode !== 404) throw err;
}
