import type { Template } from '../templates/template.js';

export const MANAGED_LABEL = 'spawner.managed';
export const USER_ID_LABEL = 'spawner.user-id';
export const TEMPLATE_LABEL = 'spawner.template';

export interface Owner {
  id: number;
  slug: string;
}

/** `user-{slug}-{type}-{userId}`: unique per user and template, readable in `docker ps`. */
export function containerName(owner: Owner, templateKey: string): string {
  return `user-${owner.slug}-${templateKey}-${owner.id}`;
}

/** The public path prefix of a user's container, `/{slug}-{type}`. */
export function pathPrefix(owner: Owner, templateKey: string): string {
  return `/${owner.slug}-${templateKey}`;
}

/**
 * Labels for spawner's bookkeeping and for Traefik's Docker provider. The rule matches the
 * prefix as a whole path segment: a bare PathPrefix(`/bob-dev`) would also catch `/bob-dev-prod`.
 */
export function containerLabels(
  owner: Owner,
  template: Template,
  options: { publicUrl: URL; certResolver: string | undefined; forwardAuthMiddleware: string },
): Record<string, string> {
  const router = `user${owner.id}-${template.key}`;
  const strip = `${router}-strip`;
  const prefix = pathPrefix(owner, template.key);
  const host = options.publicUrl.hostname;
  const labels: Record<string, string> = {
    [MANAGED_LABEL]: 'true',
    [USER_ID_LABEL]: String(owner.id),
    [TEMPLATE_LABEL]: template.key,
    'traefik.enable': 'true',
    [`traefik.http.routers.${router}.rule`]: `Host(\`${host}\`) && (Path(\`${prefix}\`) || PathPrefix(\`${prefix}/\`))`,
    [`traefik.http.routers.${router}.middlewares`]: `${options.forwardAuthMiddleware},${strip}`,
    [`traefik.http.routers.${router}.service`]: router,
    [`traefik.http.middlewares.${strip}.stripprefix.prefixes`]: prefix,
    [`traefik.http.services.${router}.loadbalancer.server.port`]: String(template.port),
  };
  if (options.certResolver) {
    labels[`traefik.http.routers.${router}.tls`] = 'true';
    labels[`traefik.http.routers.${router}.tls.certresolver`] = options.certResolver;
  }
  return labels;
}
