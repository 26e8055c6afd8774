import { describe, expect, it } from 'vitest';
import type { Cluster } from './cluster.js';
import { clusterContract } from './cluster.contract.js';
import { LocalCluster, LocalHub } from './localCluster.js';

/** Members of one hub play the replicas; a crash of an in-memory member is its close. */
function localPlatform() {
  const hub = new LocalHub();
  const members: Cluster[] = [];
  return Promise.resolve({
    join: () => {
      const member = new LocalCluster(hub);
      members.push(member);
      return Promise.resolve(member);
    },
    crash: (member: Cluster) => member.close(),
    close: async () => {
      for (const member of members) await member.close();
    },
  });
}

clusterContract('memory', localPlatform);

describe('LocalCluster on its own', () => {
  it('is the leader and its messages reach nobody', async () => {
    const cluster = new LocalCluster();
    expect(cluster.isLeader()).toBe(true);
    const stop = cluster.subscribe('sessions', () => {
      throw new Error('a message came back to its sender');
    });
    await cluster.publish('sessions', { hash: 'h' });
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    stop();
    await cluster.close();
  });
});
