import type { CatalogService } from '../catalog/catalog.service';
import type { SearchService } from '../catalog/search.service';
import type { Logger } from '../infra/logger';
import type { Broadcaster } from '../realtime/broadcaster';
import type { SaleService } from '../sales/sale.service';
import { BoardService } from './board.service';

/** The boards, wired to what changes them: seat changes this instance broadcast, and sale changes. */
export function buildBoard(deps: {
  catalog: CatalogService;
  search: SearchService;
  broadcaster: Broadcaster;
  sales: SaleService;
  log: Logger;
  timeZone: string;
  /**
   * Board updates are coalesced per trip over this window (BOARD_UPDATE_WINDOW_MS, 200 ms): well inside
   * the second within which a kiosk must show a hold made elsewhere, and one snapshot per busy trip
   * per window at most.
   */
  windowMs: number;
}): BoardService {
  const { broadcaster } = deps;
  const board = new BoardService({
    catalog: deps.catalog,
    search: deps.search,
    log: deps.log,
    timeZone: deps.timeZone,
    throttleMs: deps.windowMs,
    sink: {
      emit: (room, update, scope) =>
        scope === 'local'
          ? broadcaster.deliverLocal(room, 'board:update', update)
          : broadcaster.emit(room, 'board:update', update),
    },
  });
  broadcaster.onTripChanged((tripId) => board.tripChanged(tripId));
  // Every instance hears a sale change on its own, so each tells only its own sockets.
  deps.sales.on('change', ({ tripIds }) => {
    for (const tripId of tripIds) board.tripChanged(tripId, 'local');
  });
  return board;
}
