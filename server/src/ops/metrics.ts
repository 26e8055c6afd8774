import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DomainError } from '../errors.js';

/** What the running-containers gauge counts at scrape time (the container index has it). */
export interface RunningContainerSource {
  running(): readonly { type: string }[];
}

/** A response status code as its class: `2xx` … `5xx` (anything else, e.g. a dropped socket, is `other`). */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

const LAUNCH_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];
const QUEUE_WAIT_BUCKETS = [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];
const PROXY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The platform's Prometheus instruments, on a registry of their own (not prom-client's global
 * one): several apps in one process, as tests make, each count only their own.
 */
export class Metrics {
  readonly registry = new Registry();

  /** Seconds from a launch's start to its container answering (or its failure). */
  readonly launchDuration = new Histogram({
    name: 'spawner_launch_duration_seconds',
    help: 'Time from the start of a launch to its container answering, or to its failure.',
    labelNames: ['template', 'outcome'] as const,
    buckets: LAUNCH_BUCKETS,
    registers: [this.registry],
  });

  /** Seconds a launch waited in the queue before it began. */
  readonly queueWait = new Histogram({
    name: 'spawner_launch_queue_wait_seconds',
    help: 'Time a launch waited in the queue before it began.',
    buckets: QUEUE_WAIT_BUCKETS,
    registers: [this.registry],
  });

  /** Requests through the built-in proxy to users' apps, by status class. */
  readonly proxyRequests = new Counter({
    name: 'spawner_proxy_requests_total',
    help: "Requests through the built-in proxy to users' apps, by status class.",
    labelNames: ['status_class'] as const,
    registers: [this.registry],
  });

  /** Seconds from a proxied request's arrival to the end of its response. */
  readonly proxyLatency = new Histogram({
    name: 'spawner_proxy_request_duration_seconds',
    help: "Time from a proxied request's arrival to the end of its response, by status class.",
    labelNames: ['status_class'] as const,
    buckets: PROXY_BUCKETS,
    registers: [this.registry],
  });

  /** Calls to the container engine that failed (the engine down, or refusing). */
  readonly engineErrors = new Counter({
    name: 'spawner_engine_errors_total',
    help: 'Calls to the container engine that failed.',
    registers: [this.registry],
  });

  /** People who signed in (a magic link confirmed). */
  readonly signIns = new Counter({
    name: 'spawner_sign_ins_total',
    help: 'Sign-ins: magic links confirmed.',
    registers: [this.registry],
  });

  /** Messages from other replicas (sign-outs, progress, queue moves), once handled here. */
  readonly clusterMessagesReceived = new Counter({
    name: 'spawner_cluster_messages_received_total',
    help: 'Messages from other replicas, by channel, counted once handled.',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  private runningSource: RunningContainerSource | undefined;
  private queueSource: { readonly length: number } | undefined;

  /** Launches waiting for a free launch slot, read from the launch queue at scrape time. */
  readonly queueLength: Gauge;

  /** Running user containers by template, counted from the container index at scrape time. */
  readonly runningContainers: Gauge<'template'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'spawner_' });
    // Arrow functions keep `this` (prom-client calls `collect` with the gauge as `this`).
    const queue = () => this.queueSource;
    this.queueLength = new Gauge({
      name: 'spawner_launch_queue_length',
      help: 'Launches waiting for a free launch slot.',
      registers: [this.registry],
      collect() {
        const source = queue();
        if (source) this.set(source.length);
      },
    });
    const source = () => this.runningSource;
    this.runningContainers = new Gauge({
      name: 'spawner_running_containers',
      help: 'Running user containers, by template.',
      labelNames: ['template'] as const,
      registers: [this.registry],
      collect() {
        const running = source()?.running() ?? [];
        const byTemplate = new Map<string, number>();
        for (const c of running) byTemplate.set(c.type, (byTemplate.get(c.type) ?? 0) + 1);
        this.reset();
        for (const [template, count] of byTemplate) this.set({ template }, count);
      },
    });
  }

  /** Where the queue-length gauge reads from. */
  countQueueFrom(queue: { readonly length: number }): void {
    this.queueSource = queue;
  }

  /** Where the running-containers gauge reads from (the index is built after the metrics). */
  countRunningFrom(source: RunningContainerSource): void {
    this.runningSource = source;
  }

  /** Times one launch (or restart) and records it with its outcome: `ok` or the error's code. */
  async timeLaunch<T>(template: string, launch: () => Promise<T>): Promise<T> {
    const end = this.launchDuration.startTimer({ template });
    try {
      const result = await launch();
      end({ outcome: 'ok' });
      return result;
    } catch (err) {
      end({ outcome: err instanceof DomainError ? err.code : 'runtime_error' });
      throw err;
    }
  }

  /** Records one proxied response. */
  observeProxy(status: number, seconds: number): void {
    const labels = { status_class: statusClass(status) };
    this.proxyRequests.inc(labels);
    this.proxyLatency.observe(labels, seconds);
  }

  /** The scrape: Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
