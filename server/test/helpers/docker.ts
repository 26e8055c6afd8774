import Docker from 'dockerode';
import { dockerConnectionOptions } from '../../src/runtime/docker.js';

export const ECHO_IMAGE = 'spawner-test-echo:latest';

export const dockerOptions = (): Docker.DockerOptions =>
  dockerConnectionOptions(process.env.DOCKER_HOST);

export const docker = new Docker(dockerOptions());

/** Containers spawner made for users whose slug starts with the given run tag. */
export async function containersOf(tag: string): Promise<Docker.ContainerInfo[]> {
  const all = await docker.listContainers({
    all: true,
    filters: { label: ['spawner.managed=true'] },
  });
  return all.filter((c) => c.Labels['spawner.slug']?.startsWith(tag));
}

/** Removes the containers of the tag's users, then their data volumes. */
export async function removeContainersOf(tag: string): Promise<void> {
  for (const c of await containersOf(tag)) {
    await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
  const { Volumes } = await docker.listVolumes({ filters: { label: ['spawner.managed=true'] } });
  for (const volume of Volumes ?? []) {
    if (volume.Labels?.['spawner.slug']?.startsWith(tag))
      await docker.getVolume(volume.Name).remove();
  }
}
