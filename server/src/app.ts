import { createServer } from 'node:http';
import type { Logger } from 'pino';
import { AdminLists } from './admin/adminLists.js';
import { AdminService } from './admin/adminService.js';
import { registerAdminRoutes } from './admin/routes.js';
import { AuditEvents } from './audit/auditEvents.js';
import { AuditLog } from './audit/auditLog.js';
import { registerAuditRoutes } from './audit/auditRoutes.js';
import { AppHandshakeService } from './auth/appHandshake.js';
import { registerAppHandshakeRoute } from './auth/appHandshakeRoutes.js';
import { createMailer } from './auth/mailer.js';
import { MagicLinkService } from './auth/magicLinks.js';
import { MagicLinkRateLimit } from './auth/rateLimit.js';
import { RequestAuthenticator } from './auth/requestAuth.js';
import { registerAuthRoutes } from './auth/routes.js';
import { SessionService } from './auth/sessions.js';
import type { Cluster } from './cluster/cluster.js';
import { createCluster } from './cluster/createCluster.js';
import { openSignupWarning, SignupPolicy } from './auth/signupPolicy.js';
import type { Config } from './config.js';
import { ContainerIndex } from './containers/containerIndex.js';
import { ContainerList } from './containers/containerList.js';
import { ContainerService } from './containers/containerService.js';
import { DataSizes } from './containers/dataSizes.js';
import { ImageVersions } from './containers/imageVersions.js';
import type { LaunchProgress } from './containers/launchProgress.js';
import type { Quotas } from './containers/quotas.js';
import { openReplicaState } from './containers/replicaState.js';
import { registerQuotaRoutes } from './containers/quotaRoutes.js';
import { registerProgressRoute } from './containers/progressRoute.js';
import { ContainerStore } from './containers/containerStore.js';
import type { LastUsedTracker } from './containers/lastUsed.js';
import { registerContainerDataRoutes, registerContainerRoutes } from './containers/routes.js';
import { openDatabase, type Db } from './db/database.js';
import { createHttpServer, type HttpServer } from './http/server.js';
import { createPeerTrust } from './http/trustProxy.js';
import { DEFAULT_WEB_DIST, registerWebApp } from './http/webApp.js';
import { AuditRetentionTask } from './jobs/auditRetentionTask.js';
import { DataSizeTask } from './jobs/dataSizeTask.js';
import { IdleCullerTask } from './jobs/idleCullerTask.js';
import { ImageRefreshTask } from './jobs/imageRefreshTask.js';
import { LastUsedFlushTask } from './jobs/lastUsedFlushTask.js';
import { PurgeExpiredTask } from './jobs/purgeExpiredTask.js';
import type { IntervalTask } from './jobs/task.js';
import { registerApiReference } from './http/openapi.js';
import { countingEngineErrors } from './ops/engineErrors.js';
import { Metrics } from './ops/metrics.js';
import { startMetricsListener, type MetricsListener } from './ops/metricsListener.js';
import { registerOpsRoutes } from './ops/routes.js';
import { shutDown } from './ops/shutdown.js';
import { AccessPolicy } from './proxy/access.js';
import { AppHosts } from './proxy/appHost.js';
import { registerForwardAuth } from './proxy/forwardAuth.js';
import { UserProxy } from './proxy/userProxy.js';
import { createRuntime } from './runtime/createRuntime.js';
import type { Runtime } from './runtime/runtime.js';
import { TemplateCatalog } from './templates/template.js';
import { registerAccountRoutes } from './users/accountRoutes.js';
import { UserStore } from './users/userStore.js';
import { APP_VERSION } from './version.js';

export interface App {
  config: Config;
  http: HttpServer;
  db: Db;
  /** What this process shares with the other replicas: locks, leadership, messages. */
  cluster: Cluster;
  runtime: Runtime;
  store: ContainerStore;
  list: ContainerList;
  images: ImageVersions;
  dataSizes: DataSizes;
  progress: LaunchProgress;
  quotas: Quotas;
  containers: ContainerService;
  index: ContainerIndex;
  tracker: LastUsedTracker;
  tasks: IntervalTask[];
  audit: AuditLog;
  metrics: Metrics;
  admin: AdminService;
  /** `/metrics` on METRICS_PORT, when set. */
  metricsListener: MetricsListener | undefined;
  /**
   * Graceful: lets launches in flight finish (up to SHUTDOWN_TIMEOUT_SECONDS), then closes all.
   * Calling it again returns the same shutdown.
   */
  close(): Promise<void>;
}

export interface AppOptions {
  /** Recurring jobs and the METRICS_PORT listener; off for one-off use (the operator's CLI). */
  background?: boolean;
}

/**
 * Builds the whole platform from its config: every dependency is wired here, once. A runtime
 * may be passed in (tests use the in-memory one); by default the one RUNTIME names.
 */
export async function createApp(
  config: Config,
  log: Logger,
  engine: Runtime = createRuntime(config),
  { background = true }: AppOptions = {},
): Promise<App> {
  const signupWarning = openSignupWarning(config.signup, config.publicUrl);
  if (signupWarning) log.warn(signupWarning);
  const metrics = new Metrics();
  const runtime = countingEngineErrors(engine, () => metrics.engineErrors.inc());
  const db = await openDatabase(config.database);
  const cluster = await createCluster(config.database, log, {
    lead: background,
    onReceived: (channel) => metrics.clusterMessagesReceived.inc({ channel }),
  });
  const audit = new AuditLog({ db, log });
  const auditEvents = new AuditEvents(db);
  const templates = new TemplateCatalog(config.templates);
  const users = new UserStore(db);
  const sessions = new SessionService(db, { cluster, log });
  const mailer = createMailer(config.smtpUrl, config.mailFrom, log);
  // Replicas share their sign-in budgets in PostgreSQL; one process keeps them in memory.
  const sharedStoreUrl = config.database.kind === 'postgres' ? config.database.url : undefined;
  const rateLimit = new MagicLinkRateLimit(config.rateLimits, sharedStoreUrl);
  const magicLinks = new MagicLinkService({
    db,
    users,
    mailer,
    rateLimit,
    signup: new SignupPolicy({
      settings: config.signup,
      adminEmails: config.adminEmails,
      isKnownUser: async (email) => (await users.findByEmail(email)) !== undefined,
    }),
    publicUrl: config.publicUrl,
    audit,
    log,
  });
  const auth = new RequestAuthenticator(sessions);
  const store = new ContainerStore(db, { cluster, log });
  const index = new ContainerIndex({ runtime, log });
  metrics.countRunningFrom(index);
  await index.start();
  const images = new ImageVersions({ runtime, templates, log });
  await images.refresh();
  const dataSizes = new DataSizes({ runtime });
  const idleTimeoutMs = config.idleTimeoutMinutes * 60_000;
  const list = new ContainerList({
    store,
    index,
    images,
    dataSizes,
    templates,
    publicUrl: config.publicUrl,
    routing: config.routing,
    idleTimeoutMs,
  });
  const shared = await openReplicaState({ config, db, cluster, index, store, metrics, log });
  const { progress, quotas, queue: launchQueue, tracker } = shared;
  const containers = new ContainerService({
    store,
    cluster,
    runtime,
    index,
    images,
    progress,
    metrics,
    quotas,
    queue: launchQueue,
    templates,
    publicUrl: config.publicUrl,
    routing: config.routing,
    dockerNetwork: config.dockerNetwork,
    traefikCertResolver: config.traefikCertResolver,
    traefikProvider: config.runtime,
    log,
  });

  const appSessions = new AppHandshakeService({ db, sessions });
  const admin = new AdminService({
    users,
    lists: new AdminLists({ db, index }),
    sessions,
    magicLinks,
    containers,
    templates,
    index,
    audit,
    log,
  });
  await admin.grantConfiguredAdmins(config.adminEmails);
  const access = new AccessPolicy({ auth, appSessions, index, routing: config.routing });
  const isTemplate = (type: string) => templates.get(type) !== undefined;
  const appHosts =
    config.routing.mode === 'subdomain'
      ? new AppHosts({
          publicUrl: config.publicUrl,
          appsDomain: config.routing.appsDomain,
          handshake: appSessions,
          isTemplate,
        })
      : undefined;
  const proxy = new UserProxy({
    access,
    containers,
    tracker,
    templates,
    trustsPeer: createPeerTrust(config.trustProxy),
    publicUrl: config.publicUrl,
    routing: config.routing,
    appHosts,
    audit,
    metrics,
    log,
  });

  const http = await createHttpServer({
    log,
    version: APP_VERSION,
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
  const { metricsPort, metricsToken } = config.ops;
  registerOpsRoutes(http, {
    db,
    engine: index,
    metrics,
    // With a port of its own, /metrics is served there only.
    metricsToken: metricsPort === undefined ? metricsToken : undefined,
  });
  registerAuthRoutes(http, {
    magicLinks,
    sessions,
    auth,
    secureCookies: config.publicUrl.protocol === 'https:',
    audit,
    metrics,
  });
  registerForwardAuth(http, {
    access,
    templates,
    tracker,
    publicUrl: config.publicUrl,
    appHosts,
    trustsPeer: createPeerTrust(config.trustProxy),
    audit,
  });
  if (appHosts) registerAppHandshakeRoute(http, { access, appHosts, isTemplate });
  registerContainerRoutes(http, { containers, list, auth, audit });
  registerContainerDataRoutes(http, { containers, auth, audit });
  registerQuotaRoutes(http, { quotas, auth, audit });
  registerProgressRoute(http, { progress, list, auth, templates });
  registerAdminRoutes(http, { admin, auth });
  registerAccountRoutes(http, { admin, auth });
  registerAuditRoutes(http, { events: auditEvents, auth });
  await registerApiReference(http);
  await registerWebApp(http, config.webDist ?? DEFAULT_WEB_DIST, {
    https: config.publicUrl.protocol === 'https:',
  });

  // Platform-wide jobs run on the leading replica only; the rest is each replica's own.
  const whileLeading = () => cluster.isLeader();
  const tasks: IntervalTask[] = [
    new LastUsedFlushTask(tracker, log),
    new PurgeExpiredTask({ magicLinks, sessions, appSessions, rateLimit }, log).runOnlyWhen(
      whileLeading,
    ),
    new ImageRefreshTask(images, log),
  ];
  const dataSizeTask = new DataSizeTask(dataSizes, log);
  tasks.push(dataSizeTask);
  if (config.auditRetentionDays > 0) {
    const retentionDays = config.auditRetentionDays;
    tasks.push(
      new AuditRetentionTask({ events: auditEvents, retentionDays }, log).runOnlyWhen(whileLeading),
    );
  }
  if (idleTimeoutMs > 0) {
    const checkIntervalMs = config.idleCheckSeconds * 1000;
    const culler = new IdleCullerTask(
      { store, index, containers, tracker, idleTimeoutMs, checkIntervalMs },
      log,
    );
    tasks.push(culler.runOnlyWhen(whileLeading));
  }
  if (background) for (const task of tasks) task.start();
  const metricsListener =
    metricsPort === undefined || !background
      ? undefined
      : await startMetricsListener({
          metrics,
          port: metricsPort,
          host: config.host,
          token: metricsToken,
          log,
        });
  // Measure once now too, without holding the start up: it can take a while on a busy engine.
  if (background) void dataSizeTask.runOnce();

  let closing: Promise<void> | undefined;
  return {
    config,
    http,
    db,
    cluster,
    runtime,
    store,
    list,
    images,
    dataSizes,
    progress,
    quotas,
    containers,
    index,
    tracker,
    tasks,
    audit,
    admin,
    metrics,
    metricsListener,
    // Once: a second call (a signal during a shutdown, a caller's cleanup) waits for the first.
    close: () =>
      (closing ??= shutDown({
        log,
        timeoutMs: config.ops.shutdownTimeoutSeconds * 1000,
        http,
        launchesSettled: () => containers.settled(),
        stopJobs: async () => {
          for (const task of tasks) await task.stop();
        },
        flushLastUsed: () => tracker.flush(),
        closeConnections: async () => {
          index.close();
          proxy.close();
          await metricsListener?.close();
          mailer.close();
          // After the jobs and launches: nothing holds a key or needs the leadership any more.
          store.close();
          await shared.close();
          await cluster.close();
        },
        closeStore: async () => {
          // After the server has closed: the last requests' events are written too.
          await audit.flush();
          await rateLimit.close();
          await db.destroy();
        },
      })),
  };
}
