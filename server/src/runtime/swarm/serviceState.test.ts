import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { LABELS } from '../../containers/identity.js';
import { serviceInfo, type SwarmTask } from './serviceState.js';

const NETWORK = 'spawner-apps';
const UPDATED_AT = '2026-11-30T10:00:00.000000000Z';

function service(replicas: number): Docker.Service {
  return {
    ID: 'svc',
    UpdatedAt: UPDATED_AT,
    Spec: {
      Name: 'user-ada-dev',
      Labels: { [LABELS.port]: '3000', [LABELS.network]: NETWORK },
      Mode: { Replicated: { Replicas: replicas } },
    },
  } as unknown as Docker.Service;
}

function task(id: string, state: string, createdAt: string, exitCode?: number): SwarmTask {
  return {
    ID: id,
    ServiceID: 'svc',
    CreatedAt: createdAt,
    DesiredState: 'running',
    Status: { State: state, ContainerStatus: { ExitCode: exitCode } },
    NetworksAttachments: [
      { Network: { Spec: { Name: NETWORK } }, Addresses: [`10.0.1.${id.length + 1}/24`] },
    ],
  };
}

const LATER = '2026-11-30T10:00:01.5Z';
const EVEN_LATER = '2026-11-30T10:00:09Z';

describe('serviceInfo', () => {
  it('is stopped when scaled to 0, whatever its tasks say', () => {
    const info = serviceInfo(service(0), [task('t1', 'running', LATER)], true);
    expect(info.state).toBe('stopped');
    expect(info.endpoint).toBeUndefined();
  });

  it('runs when its newest task runs, at that task’s address on the network', () => {
    const info = serviceInfo(service(1), [
      task('old', 'shutdown', LATER, 0),
      task('t1', 'running', EVEN_LATER),
    ]);
    expect(info).toMatchObject({ state: 'running', endpoint: { host: '10.0.1.3', port: 3000 } });
  });

  it('is on its way while the manager has not heard that the task runs', () => {
    const info = serviceInfo(service(1), [task('t1', 'starting', LATER)]);
    expect(info.state).toBe('starting');
    expect(info.endpoint).toBeUndefined();
  });

  it('runs as soon as the node’s own engine runs the newest task’s container', () => {
    const info = serviceInfo(service(1), [task('t1', 'starting', LATER)], true);
    expect(info).toMatchObject({ state: 'running', endpoint: { host: '10.0.1.3', port: 3000 } });
  });

  it('does not take a task that ended for running, whatever the node said before', () => {
    const info = serviceInfo(service(1), [task('t1', 'failed', LATER, 3)], true);
    expect(info).toMatchObject({ state: 'error', exitCode: 3, endpoint: undefined });
  });
});
