import { pino } from 'pino';
import { ContainerIndex } from '../containers/containerIndex.js';
import { ContainerService } from '../containers/containerService.js';
import { ContainerStore } from '../containers/containerStore.js';
import { LastUsedTracker } from '../containers/lastUsed.js';
import { openDatabase, type Db } from '../db/database.js';
import { FakeRuntime, type FakeImage } from '../runtime/fakeRuntime.js';
import { TemplateCatalog, templateSchema, type TemplateInput } from '../templates/template.js';
import { UserStore } from '../users/userStore.js';

/** The container side of spawner on the in-memory runtime and an in-memory SQLite: no Docker. */
export interface FakePlatform {
  runtime: FakeRuntime;
  db: Db;
  store: ContainerStore;
  index: ContainerIndex;
  containers: ContainerService;
  tracker: LastUsedTracker;
  users: UserStore;
  close(): Promise<void>;
}

export const silentLog = pino({ level: 'silent' });

/** A template for tests: key and image `key`, answering quickly. */
function buildTemplate(key: string, extra: Partial<TemplateInput> = {}): TemplateInput {
  return {
    key,
    image: key,
    display_name: `${key} app`,
    ready_timeout_seconds: 2,
    ...extra,
  };
}

export async function startFakePlatform(
  options: { images?: Record<string, FakeImage>; templates?: TemplateInput[] } = {},
): Promise<FakePlatform> {
  const runtime = new FakeRuntime();
  const images = options.images ?? { dev: { app: 'answers' }, prod: { app: 'answers' } };
  for (const [reference, image] of Object.entries(images)) runtime.addImage(reference, image);
  const templateInputs = options.templates ?? Object.keys(images).map((key) => buildTemplate(key));
  const templates = new TemplateCatalog(templateInputs.map((t) => templateSchema.parse(t)));
  const db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
  const store = new ContainerStore(db);
  const index = new ContainerIndex({ runtime, log: silentLog });
  await index.start();
  const containers = new ContainerService({
    store,
    runtime,
    index,
    templates,
    publicUrl: new URL('https://spawner.example.com'),
    dockerNetwork: undefined,
    traefikCertResolver: undefined,
    log: silentLog,
  });
  return {
    runtime,
    db,
    store,
    index,
    containers,
    tracker: new LastUsedTracker(store),
    users: new UserStore(db),
    async close() {
      index.close();
      await runtime.close();
      await db.destroy();
    },
  };
}

/** Polls until the check holds; fails after the timeout. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
