import { createServer } from 'node:http';
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
import { LastUsedTracker } from './containers/lastUsed.js';
import { registerContainerRoutes } from './containers/routes.js';
import { openDatabase, type Db } from './db/database.js';
import { createHttpServer } from './http/server.js';
import { DEFAULT_WEB_DIST, registerWebApp } from './http/webApp.js';
import { IdleCullerTask } from './jobs/idleCullerTask.js';
import { LastUsedFlushTask } from './jobs/lastUsedFlushTask.js';
import { PurgeExpiredTask } from './jobs/purgeExpiredTask.js';
import type { IntervalTask } from './jobs/task.js';
import { registerForwardAuth } from './proxy/forwardAuth.js';
import { RouteTable } from './proxy/routeTable.js';
import { UserProxy } from './proxy/userProxy.js';
import { DockerRuntime } from './runtime/docker.js';
import type { Runtime } from './runtime/runtime.js';
import { TemplateCatalog } from './templates/template.js';
import { UserStore } from './users/userStore.js';

export interface App {
  config: Config;
  http: FastifyInstance;
  db: Db;
  runtime: Runtime;
  containers: ContainerService;
  routes: RouteTable;
  tracker: LastUsedTracker;
  tasks: IntervalTask[];
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
  const store = new ContainerStore(db);
  const containers = new ContainerService({
    store,
    runtime,
    templates,
    publicUrl: config.publicUrl,
    dockerNetwork: config.dockerNetwork,
    traefikCertResolver: config.traefikCertResolver,
    log,
  });

  const routes = new RouteTable({ runtime, log });
  containers.onReady(({ owner, type, containerId, endpoint }) =>
    routes.setRunning(owner.slug, type, { containerId, userId: owner.id, endpoint }),
  );
  await routes.start();
  const tracker = new LastUsedTracker(store);
  const proxy = new UserProxy({
    auth,
    routes,
    containers,
    tracker,
    templates,
    trustForwardedHeaders: config.trustProxy !== false,
    log,
  });

  const http = createHttpServer({
    log,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    // User paths go straight to the proxy, before Fastify's routing: less work per proxied request.
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (!proxy.handleRequest(req, res)) handler(req, res);
      });
      server.on('upgrade', (req, socket, head: Buffer) => {
        if (!proxy.handleUpgrade(req, socket, head)) socket.destroy();
      });
      return server;
    },
  });
  registerAuthRoutes(http, {
    magicLinks,
    sessions,
    auth,
    secureCookies: config.publicUrl.protocol === 'https:',
  });
  registerForwardAuth(http, { auth, templates, tracker, publicUrl: config.publicUrl });
  registerContainerRoutes(http, { containers, auth });
  await registerWebApp(http, config.webDist ?? DEFAULT_WEB_DIST);

  const tasks: IntervalTask[] = [
    new LastUsedFlushTask(tracker, log),
    new PurgeExpiredTask({ magicLinks, sessions }, log),
  ];
  if (config.idleTimeoutMinutes > 0) {
    const idleTimeoutMs = config.idleTimeoutMinutes * 60_000;
    tasks.push(new IdleCullerTask({ store, runtime, containers, tracker, idleTimeoutMs }, log));
  }
  for (const task of tasks) task.start();

  return {
    config,
    http,
    db,
    runtime,
    containers,
    routes,
    tracker,
    tasks,
    async close() {
      for (const task of tasks) await task.stop();
      await tracker.flush();
      routes.close();
      proxy.close();
      await http.close();
      mailer.close();
      await db.destroy();
    },
  };
}
