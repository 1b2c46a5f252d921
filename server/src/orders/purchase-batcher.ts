import type { NewOrder, OrderRow, OrdersRepo } from './orders.repo';

interface Pending {
  order: NewOrder;
  resolve: (row: OrderRow) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for purchases. An order goes to Postgres at once while fewer than `maxInFlight` writes
 * are running; orders arriving while they all are wait and are then written together, in one statement
 * and one commit. So a quiet server adds no latency and a rush pays one round trip and one WAL flush
 * per batch instead of per order.
 *
 * The constraints still judge every order: a batch that fails (a double sale, a reused key) is retried
 * one order per statement, so each order gets its own answer and the others still commit.
 */
export class PurchaseBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly repo: OrdersRepo,
    private readonly opts: { maxBatch: number; maxInFlight: number },
  ) {}

  submit(order: NewOrder): Promise<OrderRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ order, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, Math.max(1, this.opts.maxBatch));
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const rows = await this.repo.insertMany(batch.map((p) => p.order));
        batch.forEach((p, i) => p.resolve(rows[i]!));
        return;
      } catch {
        // Fall through: find out which order was refused and let the rest commit.
      }
    }
    await Promise.all(
      batch.map((p) =>
        this.repo.insert(p.order).then(
          (row) => p.resolve(row),
          (err) => p.reject(err),
        ),
      ),
    );
  }
}
