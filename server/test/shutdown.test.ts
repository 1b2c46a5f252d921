import { afterAll, describe, expect, it } from 'vitest';
import { watcherCounts } from '../src/realtime/watchers';
import { ask, closeTestDb, createTrip, guest, next, socketOf, startServer } from './harness';

/** Rejections nobody handled while `run` ran (each would fail the whole test run). */
async function unhandledDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', record);
  try {
    await run();
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    process.off('unhandledRejection', record);
  }
  return seen;
}

describe('a stopping instance', () => {
  afterAll(closeTestDb);

  it('sends the updates it was still coalescing to the other instances', async () => {
    // A long window keeps the hold's update in the broadcaster until the shutdown flushes it.
    const a = await startServer({ BROADCAST_WINDOW_MS: '1000' });
    const b = await startServer();
    try {
      const trip = await createTrip();
      const watcher = await socketOf(b.url, (await guest(b.url)).token);
      expect((await ask(watcher, 'trip:watch', { tripId: trip })).ok).toBe(true);
      const seen = next(watcher, 'seat:update', (u) => u.seats.some((s) => s.id === 'KA-5'), 10_000);
      const holder = await socketOf(a.url, (await guest(a.url)).token);
      const unhandled = await unhandledDuring(async () => {
        const held = await ask(holder, 'seat:hold', {
          tripId: trip,
          seatIds: ['KA-5'],
          from: 'DHK',
          to: 'CTG',
        });
        expect(held.ok).toBe(true);
        holder.disconnect();
        await a.close();
        await seen;
      });
      watcher.disconnect();
      expect(unhandled).toEqual([]);
    } finally {
      await b.close();
    }
  }, 30_000);

  it('stops answering the other instances before its Redis connections close', async () => {
    const a = await startServer();
    const b = await startServer();
    const trip = await createTrip();
    let asking = true;
    // Another instance keeps asking every instance how many watch the trip (as the operators' feed does).
    const asker = (async () => {
      while (asking) await watcherCounts(b.deps.appDeps.io, [trip]);
    })();
    try {
      const unhandled = await unhandledDuring(async () => {
        await new Promise((r) => setTimeout(r, 100));
        await a.close();
      });
      expect(unhandled).toEqual([]);
    } finally {
      asking = false;
      await asker;
      await b.close();
    }
  }, 30_000);
});
