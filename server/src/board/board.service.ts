import { type Board, type BoardDeparture, type BoardUpdate, zonedDate } from '@fastpass/shared';
import type { CatalogService } from '../catalog/catalog.service';
import type { SearchService } from '../catalog/search.service';
import { notFound } from '../errors';
import type { Logger } from '../infra/logger';

export const boardRoom = (station: string) => `board:${station}`;

/** How a board update reaches the boards: on every instance, or this instance's sockets only. */
export interface BoardSink {
  emit(room: string, update: BoardUpdate, scope: 'everywhere' | 'local'): void;
}

/**
 * Stations' departures boards (docs/kiosk-board.md): the whole board for `board:watch`, and after any
 * change of a trip's occupancy or sale, the new rows of that trip for each board it appears on. Changes
 * of one trip are coalesced for `throttleMs`, so a rush on a trip costs one snapshot per window however
 * many holds it takes, and every board gets at most one update per trip per window.
 */
export class BoardService {
  private readonly due = new Map<string, 'everywhere' | 'local'>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      search: SearchService;
      sink: BoardSink;
      log: Logger;
      timeZone: string;
      throttleMs: number;
    },
  ) {}

  /** The days a board starting at `date` lists: that day and the next. */
  static datesFrom(date: string): string[] {
    const next = new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return [date, next];
  }

  async board(station: string, date?: string): Promise<Board> {
    const stations = await this.deps.catalog.stations();
    if (!stations.some((s) => s.code === station)) throw notFound('station');
    const dates = BoardService.datesFrom(date ?? zonedDate(this.deps.timeZone));
    const ids = (await Promise.all(dates.map((d) => this.deps.catalog.tripIdsOn(d)))).flat();
    const rows = (
      await Promise.all(ids.map((id) => this.deps.search.summaries(id, [{ from: station }])))
    ).flat();
    return {
      station,
      dates,
      departures: rows
        .filter((r) => r.closedReason !== 'departed')
        .sort((a, b) => (a.departsAt ?? '').localeCompare(b.departsAt ?? '')),
      asOf: new Date().toISOString(),
    };
  }

  /**
   * A trip's occupancy or sale changed. `everywhere`: this instance made the change, so it tells the
   * boards on every instance; `local`: every instance learns it on its own (a sale change).
   */
  tripChanged(tripId: string, scope: 'everywhere' | 'local' = 'everywhere'): void {
    if (this.closed) return;
    if (this.due.get(tripId) !== 'everywhere') this.due.set(tripId, scope);
    if (this.timers.has(tripId)) return;
    this.timers.set(
      tripId,
      setTimeout(() => {
        this.timers.delete(tripId);
        const s = this.due.get(tripId) ?? scope;
        this.due.delete(tripId);
        this.publish(tripId, s).catch((err) =>
          this.deps.log.warn({ err: String(err), tripId }, 'board update failed'),
        );
      }, this.deps.throttleMs),
    );
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.due.clear();
  }

  /** The trip's row on the board of every station it leaves from (all but its terminus). */
  private async publish(tripId: string, scope: 'everywhere' | 'local'): Promise<void> {
    const info = await this.deps.catalog.findTrip(tripId);
    if (!info) return;
    const boarding = info.stationCodes.slice(0, -1);
    const rows: BoardDeparture[] = await this.deps.search.summaries(
      tripId,
      boarding.map((from) => ({ from })),
    );
    // Closed while the rows were read (the server is stopping): its connections may be gone already.
    if (this.closed) return;
    const asOf = new Date().toISOString();
    for (const row of rows) {
      this.deps.sink.emit(boardRoom(row.from), { station: row.from, departures: [row], asOf }, scope);
    }
  }
}
