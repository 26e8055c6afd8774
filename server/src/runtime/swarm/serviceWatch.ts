import type Docker from 'dockerode';
import { LABELS, OURS } from '../../containers/identity.js';
import type { ContainerEvent } from '../runtime.js';
import { isRunning, tasksByService, type SwarmTask } from './serviceState.js';

/** How often the tasks are read: the engine emits no task events, so starts and exits are polled. */
const TASK_POLL_MS = 1000;

interface Watched {
  labels: Record<string, string>;
  running: boolean;
}

/**
 * Lifecycle events of our services as the Runtime reports container events: create and destroy
 * from the engine's service events; start and die from polling the tasks (a service whose newest
 * task began or stopped running). Everything runs in one queue, so events come out in order.
 */
export class ServiceWatch {
  private readonly services = new Map<string, Watched>();
  private queue: Promise<void> = Promise.resolve();
  private stream: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly docker: Docker,
    private readonly onEvent: (event: ContainerEvent) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Follows the engine; the services there now are known before it returns, without events. */
  async start(): Promise<void> {
    this.stream = (await this.docker.getEvents({
      filters: { type: ['service'] },
    })) as NodeJS.ReadableStream & { destroy(): void };
    let buffered = '';
    this.stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) this.enqueue(() => this.onServiceEvent(line));
      }
    });
    this.stream.on('error', (err: Error) => this.fail(err));
    this.stream.on('end', () => this.fail(new Error('the engine closed the event stream')));
    await this.poll(false);
    this.timer = setInterval(() => this.enqueue(() => this.poll(true)), TASK_POLL_MS);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.stream?.destroy();
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((err: unknown) => this.fail(err as Error));
  }

  private fail(err: Error): void {
    if (this.stopped) return;
    this.stop();
    this.onError(err);
  }

  private emit(id: string, action: ContainerEvent['action'], labels: Record<string, string>) {
    if (!this.stopped) this.onEvent({ id, action, labels });
  }

  private async onServiceEvent(line: string): Promise<void> {
    const raw = JSON.parse(line) as { Action?: string; Actor?: { ID?: string } };
    const id = raw.Actor?.ID ?? '';
    if (raw.Action === 'create' && !this.services.has(id)) {
      let service: Docker.Service;
      try {
        service = (await this.docker.getService(id).inspect()) as Docker.Service;
      } catch {
        return; // removed already; its remove event follows
      }
      const labels = service.Spec?.Labels ?? {};
      if (labels[LABELS.managed] !== OURS[LABELS.managed]) return;
      this.services.set(id, { labels, running: false });
      this.emit(id, 'create', labels);
    } else if (raw.Action === 'remove') {
      this.forget(id);
    } else if (raw.Action === 'update' && this.services.has(id)) {
      await this.poll(true); // a scale: its task starts or stops soon
    }
  }

  private forget(id: string): void {
    const known = this.services.get(id);
    if (!known) return;
    this.services.delete(id);
    if (known.running) this.emit(id, 'die', known.labels);
    this.emit(id, 'destroy', known.labels);
  }

  /** Reads our services and their tasks; with `report`, says what changed since the last read. */
  private async poll(report: boolean): Promise<void> {
    if (this.stopped) return;
    const services = await this.docker.listServices({
      filters: { label: [`${LABELS.managed}=true`] },
    });
    const tasks = tasksByService((await this.docker.listTasks()) as SwarmTask[]);
    const seen = new Set<string>();
    for (const service of services) {
      seen.add(service.ID);
      const running = isRunning(tasks.get(service.ID) ?? []);
      const labels = service.Spec?.Labels ?? {};
      const known = this.services.get(service.ID);
      this.services.set(service.ID, { labels, running });
      if (!report) continue;
      // Seen here before its create event arrived: that event is then passed over.
      if (!known) this.emit(service.ID, 'create', labels);
      if (running !== (known?.running ?? false)) {
        this.emit(service.ID, running ? 'start' : 'die', labels);
      }
    }
    if (!report) return;
    for (const id of [...this.services.keys()]) if (!seen.has(id)) this.forget(id);
  }
}
