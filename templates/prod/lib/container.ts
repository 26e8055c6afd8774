/** When this server process started: the container's start, near enough. */
const startedAt = new Date();

export interface ContainerInfo {
  userSlug: string;
  userId: string;
  containerType: string;
  basePath: string;
  publicUrl: string;
  startedAt: string;
  uptimeSeconds: number;
}

/** What spawner told this container about itself, through the environment. */
export function containerInfo(): ContainerInfo {
  return {
    userSlug: process.env.USER_SLUG ?? 'unknown',
    userId: process.env.USER_ID ?? '',
    containerType: process.env.CONTAINER_TYPE ?? 'prod',
    basePath: process.env.BASE_PATH ?? '',
    publicUrl: process.env.PUBLIC_URL ?? '',
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  };
}
