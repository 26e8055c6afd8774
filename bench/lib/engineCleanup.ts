import type Docker from 'dockerode';

const MANAGED = 'spawner.managed=true';

/** Removes containers by id, forced with their anonymous volumes, `concurrency` at a time; gone ones are fine. */
export async function removeContainers(
  docker: Docker,
  ids: string[],
  concurrency: number,
): Promise<void> {
  if (ids.length) console.log(`removing ${ids.length} containers`);
  await eachAtOnce(ids, concurrency, (id) =>
    docker.getContainer(id).remove({ force: true, v: true }).catch(unlessGone),
  );
}

/** `step` for every item, `concurrency` of them at a time. */
export async function eachAtOnce<T>(
  items: readonly T[],
  concurrency: number,
  step: (item: T) => Promise<unknown>,
): Promise<void> {
  const left = [...items];
  const worker = async (): Promise<void> => {
    for (let item = left.pop(); item !== undefined; item = left.pop()) await step(item);
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
