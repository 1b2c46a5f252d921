import type { CatalogService } from '../catalog/catalog.service';
import type { HoldMirror } from '../failover/hold-mirror';
import type { ModeController } from '../failover/mode';
import type { SaleService } from '../sales/sale.service';
import { tripRoom } from './broadcaster';
import type { IoServer } from './gateway';

/**
 * Server-wide news each instance tells its own sockets (every instance learns it on its own, so there
 * is nothing to relay): a sale changed (`sale:update` to its trips' watchers: an operator's edit or
 * the clock crossing opensAt/closesAt, Redis up or down), the serving mode changed (`server:mode`), and
 * an operator changed the catalog (`catalog:update`, seen through CatalogWatch).
 */
export function announceChanges(
  io: IoServer,
  deps: { sales: SaleService; mode: ModeController; mirror: HoldMirror; catalog?: CatalogService },
): void {
  deps.catalog?.on('change', () => {
    deps.catalog
      ?.version()
      .then((version) => io.local.emit('catalog:update', { version }))
      .catch(() => undefined); // the next edit announces again; pages also re-read on their own loads
  });
  deps.sales.on('change', ({ sale, tripIds }) => {
    const view = deps.sales.view(sale);
    for (const tripId of tripIds) io.local.to(tripRoom(tripId)).emit('sale:update', { tripId, sale: view });
  });
  deps.mode.on('change', (m: 'cache' | 'database') => {
    io.local.emit('server:mode', { mode: m });
    // Postgres decides now: what Redis decided last must be there first.
    if (m === 'database') void deps.mirror.flush();
  });
}
