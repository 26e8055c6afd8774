import Docker from 'dockerode';

export const ECHO_IMAGE = 'spawner-test-echo:latest';

export function dockerOptions(): Docker.DockerOptions {
  const host = process.env.DOCKER_HOST;
  if (!host) return { socketPath: '/var/run/docker.sock' };
  const url = new URL(host);
  return url.protocol === 'unix:'
    ? { socketPath: url.pathname }
    : { host: url.hostname, port: Number(url.port) };
}

export const docker = new Docker(dockerOptions());

/** Containers spawner made for users whose slug starts with the given run tag. */
export async function containersOf(tag: string): Promise<Docker.ContainerInfo[]> {
  const all = await docker.listContainers({
    all: true,
    filters: { label: ['spawner.managed=true'] },
  });
  return all.filter((c) => c.Names.some((n) => n.startsWith(`/user-${tag}`)));
}

export async function removeContainersOf(tag: string): Promise<void> {
  for (const c of await containersOf(tag)) {
    await docker.getContainer(c.Id).remove({ force: true, v: true });
  }
}
