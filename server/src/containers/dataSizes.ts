import type { Runtime } from '../runtime/runtime.js';

/**
 * The bytes in each data volume as the engine last measured them, kept in memory and refreshed
 * by a periodic job: measuring walks every volume, far too slow to do per request, so the list
 * reads the last measurement.
 */
export class DataSizes {
  private byVolume = new Map<string, number>();
  private changes = 0;

  constructor(private readonly deps: { runtime: Runtime }) {}

  /** Bytes in the named volume at the last measurement; undefined when unknown. */
  of(volume: string): number | undefined {
    return this.byVolume.get(volume);
  }

  /** Changes whenever a size does: lets readers reuse what they derived. */
  get version(): number {
    return this.changes;
  }

  /** Measures again; on failure the last measurement stays (the caller logs why). */
  async refresh(): Promise<void> {
    const sizes = await this.deps.runtime.volumeSizes();
    if (sameSizes(sizes, this.byVolume)) return;
    this.byVolume = sizes;
    this.changes++;
  }
}

function sameSizes(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, bytes] of a) if (b.get(name) !== bytes) return false;
  return true;
}
