import type { Template } from '../templates/template.js';

/**
 * Everything that names a user's container, in one place: its engine name, its labels, its data
 * volume, its public path, its key in memory and its Traefik objects. Nothing else builds these
 * strings, and nothing ever parses a name back: who owns a container is read from its labels.
 */

export const LABELS = {
  /** On every engine object spawner made; what "ours" means. */
  managed: 'spawner.managed',
  userId: 'spawner.user-id',
  template: 'spawner.template',
  slug: 'spawner.slug',
  /** The template port, so an endpoint can be found from a list entry alone. */
  port: 'spawner.port',
  /** The Docker network the container was put on, when one was configured. */
  network: 'spawner.network',
  /**
   * The routing mode the container was made for (`path` or `subdomain`): its Traefik rule and
   * BASE_PATH follow it, so a container made for the other mode is recreated at its next launch.
   */
  routing: 'spawner.routing',
} as const;

/** How users' apps are addressed: under PUBLIC_URL's paths, or each on a host of its own. */
export type Routing = { mode: 'path' } | { mode: 'subdomain'; appsDomain: string };

/** The label filter that selects spawner's objects on the engine. */
export const OURS: Readonly<Record<string, string>> = { [LABELS.managed]: 'true' };

export interface Owner {
  id: number;
  slug: string;
}

/** Where a user's app answers, as seen from spawner. */
export interface Endpoint {
  host: string;
  port: number;
}

/** `user-{slug}-{type}-{userId}`: unique per user and template, readable in `docker ps`. */
export function containerName(owner: Owner, type: string): string {
  return `user-${owner.slug}-${type}-${owner.id}`;
}

/** The named volume holding a container's data; it outlives the container. */
export function volumeName(owner: Owner, type: string): string {
  return `${containerName(owner, type)}-data`;
}

/** The public path prefix of a user's container, `/{slug}-{type}`. */
export function pathPrefix(owner: Owner, type: string): string {
  return `/${owner.slug}-${type}`;
}

/** The host of a user's app in subdomain mode, `{slug}-{type}.{APPS_DOMAIN}` (no port). */
function appHostname(appsDomain: string, owner: Pick<Owner, 'slug'>, type: string): string {
  return `${owner.slug}-${type}.${appsDomain}`;
}

/**
 * The origin a user's app is served from: PUBLIC_URL's in path mode; in subdomain mode its own
 * host, with PUBLIC_URL's scheme and port.
 */
export function appOrigin(
  publicUrl: URL,
  routing: Routing,
  owner: Pick<Owner, 'slug'>,
  type: string,
): string {
  if (routing.mode === 'path') return publicUrl.origin;
  const port = publicUrl.port ? `:${publicUrl.port}` : '';
  return `${publicUrl.protocol}//${appHostname(routing.appsDomain, owner, type)}${port}`;
}

/**
 * `{PUBLIC_URL}/{slug}-{type}` in path mode, `{scheme}://{slug}-{type}.{APPS_DOMAIN}/` in
 * subdomain mode. PUBLIC_URL is an origin and slugs are URL-safe, so no parsing.
 */
export function serviceUrl(publicUrl: URL, routing: Routing, owner: Owner, type: string): string {
  return routing.mode === 'path'
    ? publicUrl.origin + pathPrefix(owner, type)
    : `${appOrigin(publicUrl, routing, owner, type)}/`;
}

/** The prefix the app is served under, as its BASE_PATH: empty in subdomain mode (the root). */
export function basePath(routing: Routing, owner: Owner, type: string): string {
  return routing.mode === 'path' ? pathPrefix(owner, type) : '';
}

/** Whether a container was made for another routing mode than the current one (made before the label: path). */
export function madeForOtherRouting(
  labels: Readonly<Record<string, string>>,
  routing: Routing,
): boolean {
  return (labels[LABELS.routing] ?? 'path') !== routing.mode;
}

/** The labels of a container's data volume: ours, and whose. */
export function volumeLabels(owner: Owner, type: string): Record<string, string> {
  return {
    ...OURS,
    [LABELS.userId]: String(owner.id),
    [LABELS.template]: type,
    [LABELS.slug]: owner.slug,
  };
}

/** The one key for a (user, template) pair in memory: locks, the state index, last use. */
export function containerKey(userId: number, type: string): string {
  return `${userId}:${type}`;
}

/**
 * The (user, template) a container belongs to, from its labels; undefined for objects that are
 * not a user's container. Containers made before the slug label existed still carry these two.
 */
export function ownerOfLabels(
  labels: Readonly<Record<string, string>>,
): { userId: number; type: string } | undefined {
  const userId = Number(labels[LABELS.userId]);
  const type = labels[LABELS.template];
  if (labels[LABELS.managed] !== 'true' || !Number.isSafeInteger(userId) || !type) return undefined;
  return { userId, type };
}

/**
 * Traefik's provider that reads the labels: `docker` (container labels) or `swarm` (service
 * labels). It names the objects it finds after itself, e.g. the forward-auth middleware.
 */
export type TraefikProvider = 'docker' | 'swarm';

/** Traefik's name for spawner's forward-auth middleware, declared on spawner's own container or service. */
const forwardAuthMiddleware = (provider: TraefikProvider) => `spawner-auth@${provider}`;

/** The names of a container's Traefik router, service and strip-prefix middleware. */
function traefikNames(owner: Owner, type: string) {
  const router = `user${owner.id}-${type}`;
  return { router, service: router, stripMiddleware: `${router}-strip` };
}

/** The labels spawner reads back: ownership, the template port for finding the endpoint, the routing mode. */
function identityLabels(
  owner: Owner,
  template: Template,
  routing: Routing,
): Record<string, string> {
  return {
    ...OURS,
    [LABELS.userId]: String(owner.id),
    [LABELS.template]: template.key,
    [LABELS.slug]: owner.slug,
    [LABELS.port]: String(template.port),
    [LABELS.routing]: routing.mode,
  };
}

/**
 * Every label of a new container: identity plus Traefik's Docker provider. In path mode the rule
 * matches the prefix as a whole path segment (a bare PathPrefix(`/bob-dev`) would also catch
 * `/bob-dev-prod`), and the prefix is stripped after forward auth; in subdomain mode the rule is
 * the app's own host and the path reaches the app as it is.
 */
export function containerLabels(
  owner: Owner,
  template: Template,
  options: {
    publicUrl: URL;
    routing: Routing;
    certResolver: string | undefined;
    provider: TraefikProvider;
  },
): Record<string, string> {
  const { router, service, stripMiddleware } = traefikNames(owner, template.key);
  const forwardAuth = forwardAuthMiddleware(options.provider);
  const labels: Record<string, string> = {
    ...identityLabels(owner, template, options.routing),
    'traefik.enable': 'true',
    [`traefik.http.routers.${router}.service`]: service,
    [`traefik.http.services.${service}.loadbalancer.server.port`]: String(template.port),
  };
  if (options.routing.mode === 'subdomain') {
    const host = appHostname(options.routing.appsDomain, owner, template.key);
    labels[`traefik.http.routers.${router}.rule`] = `Host(\`${host}\`)`;
    labels[`traefik.http.routers.${router}.middlewares`] = forwardAuth;
  } else {
    const prefix = pathPrefix(owner, template.key);
    const host = options.publicUrl.hostname;
    labels[`traefik.http.routers.${router}.rule`] =
      `Host(\`${host}\`) && (Path(\`${prefix}\`) || PathPrefix(\`${prefix}/\`))`;
    labels[`traefik.http.routers.${router}.middlewares`] = `${forwardAuth},${stripMiddleware}`;
    labels[`traefik.http.middlewares.${stripMiddleware}.stripprefix.prefixes`] = prefix;
  }
  if (options.certResolver) {
    labels[`traefik.http.routers.${router}.tls`] = 'true';
    labels[`traefik.http.routers.${router}.tls.certresolver`] = options.certResolver;
  }
  return labels;
}
