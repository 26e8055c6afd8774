import { describe, expect, it } from 'vitest';
import { clusterContract, memoryPlatform } from './cluster.contract.js';
import { LocalCluster } from './localCluster.js';

clusterContract('memory', memoryPlatform);

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
