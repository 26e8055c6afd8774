import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cluster } from '../cluster/cluster.js';
import { LocalCluster, LocalHub } from '../cluster/localCluster.js';
import { silentLog, startFakePlatform, type FakePlatform } from '../testing/fakePlatform.js';
import { SessionService } from './sessions.js';

/** Two replicas' session services on one store, members of one in-memory cluster. */
let p: FakePlatform;
let clusters: [Cluster, Cluster];
let here: SessionService;
let there: SessionService;

beforeEach(async () => {
  p = await startFakePlatform();
  const hub = new LocalHub();
  clusters = [new LocalCluster(hub), new LocalCluster(hub)];
  here = new SessionService(p.db, { cluster: clusters[0], log: silentLog });
  there = new SessionService(p.db, { cluster: clusters[1], log: silentLog });
});
afterEach(async () => {
  for (const cluster of clusters) await cluster.close();
  await p.close();
});

/** Resolves once the other replica has handled the next `sessions` message (its service first). */
const arrivalThere = () =>
  new Promise<void>((resolve) => {
    const stop = clusters[1].subscribe('sessions', () => {
      stop();
      resolve();
    });
  });

describe('SessionService across replicas', () => {
  it('a sign-out on one replica ends the session remembered by the other', async () => {
    const token = await here.create(p.owner.id);
    expect((await there.resolve(token))?.id).toBe(p.owner.id);
    const arrived = arrivalThere();
    await here.revoke(token);
    await arrived;
    expect(await there.resolve(token)).toBeUndefined();
  });

  it('ending all of a person’s sessions (a block) reaches the other replica', async () => {
    const first = await here.create(p.owner.id);
    const second = await there.create(p.owner.id);
    expect(await there.resolve(first)).toBeDefined();
    expect(await there.resolve(second)).toBeDefined();
    const arrived = arrivalThere();
    await here.revokeAllOf(p.owner.id);
    await arrived;
    expect(await there.resolve(first)).toBeUndefined();
    expect(await there.resolve(second)).toBeUndefined();
  });

  it('an account change counts on the other replica once told', async () => {
    const token = await here.create(p.owner.id);
    expect((await there.resolve(token))?.is_admin).toBe(0);
    await p.users.setAdmin(p.owner.id, true);
    // Remembered there until told: the cache is what the message is for.
    expect((await there.resolve(token))?.is_admin).toBe(0);
    const arrived = arrivalThere();
    await here.forgetUser(p.owner.id);
    await arrived;
    expect((await there.resolve(token))?.is_admin).toBe(1);
  });

  it('drops a malformed message and goes on', async () => {
    const token = await here.create(p.owner.id);
    expect(await there.resolve(token)).toBeDefined();
    let arrived = arrivalThere();
    await clusters[0].publish('sessions', { userId: 'everyone' });
    await arrived;
    // Still remembered: the bad message forgot nothing.
    await p.db.deleteFrom('sessions').execute();
    expect(await there.resolve(token)).toBeDefined();
    arrived = arrivalThere();
    await here.revoke(token);
    await arrived;
    expect(await there.resolve(token)).toBeUndefined();
  });
});
