import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/infra/logger';
import { type BusMessage, PgBus } from '../src/realtime/pg-bus';
import { closeTestDb, databaseUrl, testDb } from './harness';
import { waitUntil } from './services';

/** The bus's LISTEN sessions, found by the application name each bus sets on its connection. */
async function listeners(instanceId: string): Promise<number[]> {
  const rows = await testDb()
    .select('pid')
    .from('pg_stat_activity')
    .where({ application_name: `fastpass-bus:${instanceId}` });
  return rows.map((r: { pid: number }) => r.pid);
}

describe('the Postgres bus (broadcasts while Redis is down)', () => {
  afterAll(closeTestDb);

  it('reconnects once per failure: one LISTEN session and one delivery after repeated disconnects', async () => {
    const id = randomUUID().slice(0, 8);
    const got: BusMessage[] = [];
    const bus = new PgBus(
      databaseUrl(),
      testDb(),
      `rx-${id}`,
      createLogger('silent'),
      (m) => got.push(m),
      50,
    );
    const sender = new PgBus(
      databaseUrl(),
      testDb(),
      `tx-${id}`,
      createLogger('silent'),
      () => undefined,
      50,
    );
    await bus.start();
    try {
      for (let i = 0; i < 4; i++) {
        const [pid] = await listeners(`rx-${id}`);
        expect(pid).toBeDefined();
        await testDb().raw('select pg_terminate_backend(?)', [pid]);
        await waitUntil(
          'a new LISTEN session',
          async () => {
            const now = await listeners(`rx-${id}`);
            return now.length > 0 && !now.includes(pid!);
          },
          10_000,
        );
      }
      // Let any duplicate reconnect loop show itself before counting.
      await new Promise((r) => setTimeout(r, 600));
      expect(await listeners(`rx-${id}`)).toHaveLength(1);

      sender.publish(`trip:${id}`, 'seat:update', { tripId: id, version: 1, seats: [] });
      await waitUntil('the delivery', () => got.length > 0, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      expect(got).toHaveLength(1);
    } finally {
      await bus.stop();
      await sender.stop();
    }
    await waitUntil('no LISTEN session left', async () => (await listeners(`rx-${id}`)).length === 0, 10_000);
  });

  it('retries with backoff while the database refuses: no storm of parallel connects', async () => {
    const id = randomUUID().slice(0, 8);
    const url = new URL(databaseUrl());
    url.port = '1'; // nothing listens there: every connect fails at once
    const bus = new PgBus(url.toString(), testDb(), `rx-${id}`, createLogger('silent'), () => undefined, 50);
    await bus.start();
    await new Promise((r) => setTimeout(r, 2000));
    await bus.stop();
    // 50, 100, 200, 400, 800 ms…: a handful of attempts in two seconds, one at a time.
    expect(bus.attempts).toBeGreaterThanOrEqual(3);
    expect(bus.attempts).toBeLessThanOrEqual(10);
  });
});
