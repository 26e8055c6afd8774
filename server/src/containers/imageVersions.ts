import type { Logger } from 'pino';
import type { Runtime } from '../runtime/runtime.js';
import type { TemplateCatalog } from '../templates/template.js';

/**
 * The image each template's reference names now (a rebuilt tag names a new image), kept in
 * memory and refreshed now and then, so the list can say "update available" without asking
 * the engine.
 */
export class ImageVersions {
  private readonly byReference = new Map<string, string>();
  private changes = 0;

  constructor(
    private readonly deps: { runtime: Runtime; templates: TemplateCatalog; log: Logger },
  ) {}

  /** The image id a template's image reference resolved to at the last look, if any. */
  current(reference: string): string | undefined {
    return this.byReference.get(reference);
  }

  /** Changes whenever an image id does: lets readers reuse what they derived. */
  get version(): number {
    return this.changes;
  }

  /** Records what a reference resolves to, as a launch just found out. */
  note(reference: string, id: string | undefined): void {
    if (this.byReference.get(reference) === id) return;
    if (id) this.byReference.set(reference, id);
    else this.byReference.delete(reference);
    this.changes++;
  }

  /** Looks every template's image up on the engine; one that fails keeps what was known. */
  async refresh(): Promise<void> {
    for (const template of this.deps.templates.all) {
      try {
        this.note(template.image, await this.deps.runtime.imageId(template.image));
      } catch (err) {
        this.deps.log.debug({ err, image: template.image }, 'cannot look the image up');
      }
    }
  }
}
