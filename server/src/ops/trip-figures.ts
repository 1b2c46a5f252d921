import type { OpsTripFigures } from '@fastpass/shared';

export interface TripFiguresDeps {
  /** Cumulative decisions per trip (counted by the Redis scripts); empty when Redis is away. */
  counts: (tripIds: string[]) => Promise<Map<string, { held: number; taken: number }>>;
  /** Sockets watching each trip, across instances where the adapter can tell. */
  watchers: (tripIds: string[]) => Promise<Map<string, number>>;
  now?: () => number;
}

interface Sample {
  at: number;
  held: number;
  taken: number;
  holdsPerSec: number;
  conflictsPerSec: number;
}

/** Rates need two readings at least this far apart; closer polls reuse the last rate. */
const MIN_WINDOW_MS = 1000;

/**
 * The operator's per-trip live figures. Rates are differences of the scripts' cumulative counters
 * between two readings, so they cover every instance without any instance keeping its own tally.
 */
export class TripFigures {
  private readonly last = new Map<string, Sample>();

  constructor(private readonly deps: TripFiguresDeps) {}

  async figures(tripIds: string[]): Promise<OpsTripFigures[]> {
    const now = (this.deps.now ?? Date.now)();
    const [counts, watchers] = await Promise.all([
      this.deps.counts(tripIds).catch(() => new Map<string, { held: number; taken: number }>()),
      this.deps.watchers(tripIds),
    ]);
    return tripIds.map((tripId) => {
      const c = counts.get(tripId);
      const prev = this.last.get(tripId);
      let sample: Sample | undefined = prev;
      if (c && (!prev || now - prev.at >= MIN_WINDOW_MS)) {
        const dt = prev ? (now - prev.at) / 1000 : 0;
        const rate = (a: number, b: number) => (prev && dt > 0 ? Math.max(0, (a - b) / dt) : 0);
        sample = {
          at: now,
          held: c.held,
          taken: c.taken,
          holdsPerSec: rate(c.held, prev?.held ?? 0),
          conflictsPerSec: rate(c.taken, prev?.taken ?? 0),
        };
        this.last.set(tripId, sample);
      }
      return {
        tripId,
        holdsPerSec: round(sample?.holdsPerSec ?? 0),
        conflictsPerSec: round(sample?.conflictsPerSec ?? 0),
        holdsTotal: c?.held ?? sample?.held ?? 0,
        conflictsTotal: c?.taken ?? sample?.taken ?? 0,
        watchers: watchers.get(tripId) ?? 0,
      };
    });
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
