import type Docker from 'dockerode';
import { LABELS } from '../../containers/identity.js';
import type { ContainerInfo, ContainerState } from '../runtime.js';
import { SWARM_LABELS } from './serviceSpec.js';

/** The part of a Swarm task spawner reads (dockerode leaves tasks untyped). */
export interface SwarmTask {
  ID: string;
  ServiceID: string;
  CreatedAt: string;
  DesiredState: string;
  Status: {
    State: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
  NetworksAttachments?: Array<{ Network: { Spec: { Name: string } }; Addresses?: string[] }>;
}

/** Task states from which a task never comes back (Swarm makes a new task instead). */
const ENDED = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

/** Whether the task is over: its container has exited or will never run. */
export const taskEnded = (task: SwarmTask): boolean => ENDED.has(task.Status.State);

/** Ends in which the app stopped on its own or never ran, not because it was told to. */
const CRASHED = new Set(['complete', 'failed', 'rejected']);

/** Engine timestamps carry nanoseconds in varying lengths: compared as dates, not strings. */
const createdAt = (task: SwarmTask): number => Date.parse(task.CreatedAt);

/** The most recently created of a service's tasks, or undefined when it has none. */
export function newestTask(tasks: readonly SwarmTask[]): SwarmTask | undefined {
  let newest: SwarmTask | undefined;
  for (const task of tasks) if (!newest || createdAt(task) > createdAt(newest)) newest = task;
  return newest;
}

/** Tasks grouped by the service they belong to. */
export function tasksByService(tasks: readonly SwarmTask[]): Map<string, SwarmTask[]> {
  const byService = new Map<string, SwarmTask[]>();
  for (const task of tasks) {
    const list = byService.get(task.ServiceID);
    if (list) list.push(task);
    else byService.set(task.ServiceID, [task]);
  }
  return byService;
}

/** Whether the service's newest task is running. */
export const isRunning = (tasks: readonly SwarmTask[]): boolean =>
  newestTask(tasks)?.Status.State === 'running';

/**
 * A service as the Runtime reports a container. Scaled to 0: stopped. Scaled to 1: running when
 * its newest task runs; error when a task made since the last change of the service (the scale
 * to 1) ended on its own — the restart policy then brings it back again and again, a crash
 * loop; else on its way (starting). The exit code is that of the newest task that ended.
 * `newestRunsHere`: the node's own engine says the newest task's container runs, which the
 * manager learns only from the node's next status report.
 */
export function serviceInfo(
  service: Docker.Service,
  tasks: readonly SwarmTask[],
  newestRunsHere = false,
): ContainerInfo {
  const spec = service.Spec ?? {};
  const labels = spec.Labels ?? {};
  const replicas = spec.Mode?.Replicated?.Replicas ?? 0;
  const task = newestTask(tasks);
  const changedAt = Date.parse(service.UpdatedAt ?? service.CreatedAt ?? '') || 0;
  const crashed = tasks.some((t) => CRASHED.has(t.Status.State) && createdAt(t) >= changedAt);
  const running =
    task !== undefined && (task.Status.State === 'running' || (newestRunsHere && !taskEnded(task)));
  const state: ContainerState =
    replicas === 0 ? 'stopped' : running ? 'running' : crashed ? 'error' : 'starting';
  const exitCode = newestTask(tasks.filter(taskEnded))?.Status.ContainerStatus?.ExitCode;
  const port = Number(labels[LABELS.port]);
  const network = labels[LABELS.network];
  let endpoint: ContainerInfo['endpoint'];
  if (state === 'running' && port && network) {
    const attachment = task?.NetworksAttachments?.find((a) => a.Network.Spec.Name === network);
    const address = attachment?.Addresses?.[0]?.split('/')[0];
    if (address) endpoint = { host: address, port };
  }
  return {
    id: service.ID,
    name: spec.Name ?? '',
    state,
    labels,
    imageId: labels[SWARM_LABELS.imageId] ?? '',
    endpoint,
    ...(exitCode === undefined ? {} : { exitCode }),
  };
}
