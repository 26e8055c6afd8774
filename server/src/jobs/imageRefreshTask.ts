import type { Logger } from 'pino';
import type { ImageVersions } from '../containers/imageVersions.js';
import { IntervalTask } from './task.js';

/** Notices rebuilt template images, so running containers show "update available". */
export class ImageRefreshTask extends IntervalTask {
  readonly name = 'image-refresh';
  readonly intervalMs = 60_000;

  constructor(
    private readonly images: ImageVersions,
    log: Logger,
  ) {
    super(log);
  }

  protected run(): Promise<void> {
    return this.images.refresh();
  }
}
