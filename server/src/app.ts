import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createMailer } from './auth/mailer.js';
import { MagicLinkService } from './auth/magicLinks.js';
import { MagicLinkRateLimit } from './auth/rateLimit.js';
import { RequestAuthenticator } from './auth/requestAuth.js';
import { registerAuthRoutes } from './auth/routes.js';
import { SessionService } from './auth/sessions.js';
import type { Config } from './config.js';
import { ContainerService } from './containers/containerService.js';
import { ContainerStore } from './containers/containerStore.js';
import { registerContainerRoutes } from './containers/routes.js';
import { openDatabase, type Db } from './db/database.js';
import { createHttpServer } from './http/server.js';
import { DEFAULT_WEB_DIST, registerWebApp } from './http/webApp.js';
import { DockerRuntime } from './runtime/docker.js';
import type { Runtime } from './runtime/runtime.js';
import { TemplateCatalog } from './templates/template.js';
import { UserStore } from './users/userStore.js';

export interface App {
  http: FastifyInstance;
  db: Db;
  runtime: Runtime;
  containers: ContainerService;
  close(): Promise<void>;
}

/** Builds the whole platform from its config: every dependency is wired here, once. */
export async function createApp(config: Config, log: Logger): Promise<App> {
  const db = await openDatabase(config.database);
  const runtime = new DockerRuntime(config.dockerHost);
  const templates = new TemplateCatalog(config.templates);
  const users = new UserStore(db);
  const sessions = new SessionService(db);
  const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
  const magicLinks = new MagicLinkService({
    db,
    users,
    mailer,
    rateLimit: new MagicLinkRateLimit(config.rateLimits),
    publicUrl: config.publicUrl,
    log,
  });
  const auth = new RequestAuthenticator(sessions, config.adminEmails);
  const containers = new ContainerService({
    store: new ContainerStore(db),
    runtime,
    templates,
    publicUrl: config.publicUrl,
    dockerNetwork: config.dockerNetwork,
    traefikCertResolver: config.traefikCertResolver,
    log,
  });

  const http = createHttpServer({
    log,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
  });
  registerAuthRoutes(http, {
    magicLinks,
    sessions,
    auth,
    secureCookies: config.publicUrl.protocol === 'https:',
  });
  registerContainerRoutes(http, { containers, auth });
  await registerWebApp(http, config.webDist ?? DEFAULT_WEB_DIST);

  return {
    http,
    db,
    runtime,
    containers,
    async close() {
      await http.close();
      mailer.close();
      await db.destroy();
    },
  };
}
