import type { Logger } from '../infra/logger';
import type { PaymentService } from './payment.service';

/**
 * Finds payments whose webhook never came (a crash between capture and confirmation, a lost delivery)
 * and orders left unpaid past their deadline, and settles them by asking the provider. Every instance
 * may run it: settling is idempotent (payment.service.ts).
 */
export class PaymentReconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly payments: PaymentService,
    private readonly opts: { intervalMs: number; afterMs: number; log: Logger },
  ) {}

  start(): void {
    const tick = () => {
      this.running = this.payments
        .reconcileOnce(this.opts.afterMs)
        .catch((err) => this.opts.log.warn({ err: String(err) }, 'payment reconcile pass failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.opts.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.opts.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
