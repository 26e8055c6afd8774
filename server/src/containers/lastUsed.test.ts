import { afterEach, describe, expect, it } from 'vitest';
import { LocalCluster } from '../cluster/localCluster.js';
import { openDatabase, type Db } from '../db/database.js';
import { silentLog } from '../testing/fakePlatform.js';
import { agePresence, TEST_PRESENCE } from '../testing/replicas.js';
import { ConnectionLeases } from './connectionLeases.js';
import { ContainerStore } from './containerStore.js';
import { containerKey } from './identity.js';
import { LastUsedTracker } from './lastUsed.js';
import { ReplicaPresence } from './replicaPresence.js';

let db: Db | undefined;
const presences: ReplicaPresence[] = [];
afterEach(async () => {
  for (const presence of presences.splice(0)) await presence.close();
  await db?.destroy();
  db = undefined;
});

/** A replica's tracker on the one store; one that does not beat is alive until its row ages. */
async function replica(store: Db, name: string, beating = true): Promise<LastUsedTracker> {
  const presence = new ReplicaPresence({
    db: store,
    replicaId: name,
    log: silentLog,
    times: TEST_PRESENCE,
  });
  if (beating) await presence.start();
  else await presence.beat();
  presences.push(presence);
  const leases = new ConnectionLeases({ db: store, presence });
  return new LastUsedTracker({
    store: new ContainerStore(store, { cluster: new LocalCluster(), log: silentLog }),
    leases,
    log: silentLog,
  });
}

const DEV = containerKey(7, 'dev');

describe('open connections seen by every replica', () => {
  it("one replica's open connection is in use for another, until its use is written", async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const a = await replica(db, 'a');
    const b = await replica(db, 'b');
    expect(await b.inUse()).toEqual(new Set());

    const close = a.openConnection(7, 'dev');
    const other = a.openConnection(7, 'dev');
    await a.flush();
    expect(await b.inUse()).toEqual(new Set([DEV]));
    close();
    other();
    // Until A writes this last use, the store's last use is older: the lease stays till then.
    expect(await b.inUse()).toEqual(new Set([DEV]));
    await a.flush();
    expect(await b.inUse()).toEqual(new Set());
    expect(await a.inUse()).toEqual(new Set());
  });

  it('a lease is written as the first connection opens, before any flush', async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const a = await replica(db, 'a');
    const b = await replica(db, 'b');
    a.openConnection(7, 'dev');
    await a.inUse(); // waits for the lease's write, as the culler's own replica does
    expect(await b.inUse()).toEqual(new Set([DEV]));
  });

  it("a dead replica's leases keep nothing in use", async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const a = await replica(db, 'a', false);
    const b = await replica(db, 'b');
    a.openConnection(7, 'dev');
    await a.flush();
    expect(await b.inUse()).toEqual(new Set([DEV]));
    await agePresence(db, 'a');
    expect(await b.inUse()).toEqual(new Set());
  });

  it('a replica that closes gives its leases up at once', async () => {
    db = await openDatabase({ kind: 'sqlite', path: ':memory:' });
    const a = await replica(db, 'a');
    const b = await replica(db, 'b');
    a.openConnection(7, 'dev');
    await a.flush();
    await presences[0]!.close();
    expect(await b.inUse()).toEqual(new Set());
  });
});
