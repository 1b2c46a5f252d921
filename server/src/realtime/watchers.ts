import type { IoServer } from './gateway';
import { tripRoom } from './broadcaster';

const EVENT = 'ops:watchers';
/** The adapter answers by its requestsTimeout (gateway.ts); this is a guard in case it never calls back. */
const GUARD_MS = 1500;

function localCounts(io: IoServer, tripIds: string[]): number[] {
  return tripIds.map((id) => io.of('/').adapter.rooms.get(tripRoom(id))?.size ?? 0);
}

/** Lets other instances ask this one how many of its sockets watch some trips. */
export function answerWatcherCounts(io: IoServer): void {
  io.on(EVENT, (tripIds: unknown, ack: unknown) => {
    if (!Array.isArray(tripIds) || typeof ack !== 'function') return;
    ack(
      localCounts(
        io,
        tripIds.filter((t): t is string => typeof t === 'string'),
      ),
    );
  });
}

/**
 * Watchers per trip on every instance: this one's rooms plus the others' answers over the adapter.
 * When the adapter cannot reach them (Redis down), the answer is this instance's count alone.
 */
export function watcherCounts(io: IoServer, tripIds: string[]): Promise<Map<string, number>> {
  const total = localCounts(io, tripIds);
  const done = () => new Map(tripIds.map((id, i) => [id, total[i] ?? 0]));
  return new Promise((resolve) => {
    const guard = setTimeout(() => resolve(done()), GUARD_MS);
    try {
      io.serverSideEmit(EVENT, tripIds, (_err: unknown, replies: unknown) => {
        for (const r of Array.isArray(replies) ? replies : []) {
          if (!Array.isArray(r)) continue;
          r.forEach((n, i) => {
            total[i] = (total[i] ?? 0) + (Number(n) || 0);
          });
        }
        clearTimeout(guard);
        resolve(done());
      });
    } catch {
      clearTimeout(guard);
      resolve(done()); // an adapter without server-side events: a single instance
    }
  });
}
