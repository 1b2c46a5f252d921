import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import type { StoreEffects } from '../booking/hold-store';
import { createMetrics } from '../infra/metrics';
import { Broadcaster, flushDelay } from './broadcaster';
import type { PgBus } from './pg-bus';

/** Not attached to any HTTP server: no sockets, nothing to close. */
const io = new Server();

/** A trip's seat change, as a decision hands it over. */
const change = (v: number): StoreEffects => ({
  tripId: 't1',
  version: v,
  changed: [{ id: 'A1', held: 1, sold: 0, v }],
  expired: [],
});

describe('the broadcaster’s window', () => {
  it('waits the window after a short flush, a grace of a few ms after one longer than the window', () => {
    expect(flushDelay(25, 0)).toBe(25);
    expect(flushDelay(25, 25)).toBe(25);
    expect(flushDelay(25, 26)).toBe(5);
    expect(flushDelay(3, 40)).toBe(3);
  });

  it('sends the next update soon after a flush that outlasted the window, and a window after a short one', async () => {
    const windowMs = 300;
    const bus = { publish: () => {} } as unknown as PgBus;
    const b = new Broadcaster(io, windowMs, createMetrics(), { active: () => false, bus });
    // A flush listener that runs long stands in for writes to thousands of watchers.
    let busyMs = 0;
    const flushedAt: number[] = [];
    b.onTripChanged(() => {
      flushedAt.push(performance.now());
      const until = performance.now() + busyMs;
      while (performance.now() < until);
    });
    const waitFor = async (n: number) => {
      while (flushedAt.length < n) await new Promise((r) => setTimeout(r, 5));
    };
    const delayOf = async (n: number, v: number) => {
      const at = performance.now();
      b.publish(change(v));
      await waitFor(n);
      return flushedAt[n - 1]! - at;
    };

    busyMs = windowMs + 50;
    expect(await delayOf(1, 1)).toBeGreaterThanOrEqual(windowMs - 5);
    busyMs = 0;
    expect(await delayOf(2, 2)).toBeLessThan(windowMs / 2);
    expect(await delayOf(3, 3)).toBeGreaterThanOrEqual(windowMs - 5);
    b.close();
  });
});
