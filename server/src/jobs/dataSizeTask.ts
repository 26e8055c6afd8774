import type { Logger } from 'pino';
import type { DataSizes } from '../containers/dataSizes.js';
import { IntervalTask } from './task.js';

/** Measures the data volumes now and then, so cards show their size without asking the engine. */
export class DataSizeTask extends IntervalTask {
  readonly name = 'data-size';
  readonly intervalMs = 3 * 60_000;

  constructor(
    private readonly sizes: DataSizes,
    log: Logger,
  ) {
    super(log);
  }

  protected run(): Promise<void> {
    return this.sizes.refresh();
  }
}
