import type { Logger } from '../infra/logger';
import type { CatalogService } from './catalog.service';

/**
 * Live catalog on every instance: operators' edits bump `catalog_version` in their own transaction;
 * each instance reads that one row every `refreshMs` and, when it moved, drops its cached catalog.
 * Like the sales refresh it needs neither Redis nor a bus, so it works the same in database mode.
 */
export class CatalogWatch {
  private timer: NodeJS.Timeout | null = null;
  private seen: number | null = null;
  private checking: Promise<void> = Promise.resolve();

  constructor(
    private readonly catalog: CatalogService,
    private readonly opts: { refreshMs: number; log: Logger },
  ) {}

  start(): Promise<void> {
    this.timer ??= setInterval(() => void this.check(), this.opts.refreshMs);
    this.timer.unref();
    return this.check();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check at a time; the first only learns the version. */
  check(): Promise<void> {
    this.checking = this.checking.then(async () => {
      try {
        const v = await this.catalog.version();
        if (this.seen !== null && v !== this.seen) this.catalog.invalidate();
        this.seen = v;
      } catch (err) {
        this.opts.log.warn({ err: String(err) }, 'could not check the catalog version');
      }
    });
    return this.checking;
  }
}
