import { afterAll, describe, expect, it } from 'vitest';
import { RedisHealth } from '../src/failover/health-probe';
import { ModeRow } from '../src/failover/mode-row';
import { createRedis } from '../src/infra/redis';
import { closeTestDb, resetServiceMode, testDb } from './harness';
import { startPrivateRedis, waitUntil } from './services';

/*
 * The failover's parts on their own, against a real Redis and Postgres: the health probe (when is
 * Redis down, when healthy again) and the shared mode row (each transition wins once, only from the
 * state it expects). mode.ts is the state machine over them; faults.test.ts runs the whole.
 */

afterAll(async () => {
  await resetServiceMode();
  await closeTestDb();
});

describe('RedisHealth', () => {
  it('is down after two failed pings (not one), and healthy again only after answering for a while', async () => {
    const redis = await startPrivateRedis();
    const client = createRedis(redis.url, 'health-test', { autoPipelining: false });
    client.on('error', () => {});
    try {
      await waitUntil('client connected', async () => client.status === 'ready', 5000, 20);
      const health = new RedisHealth(client, 300);
      expect(await health.check()).toBe(true);
      await redis.kill();
      await waitUntil('client sees the kill', async () => client.status !== 'ready', 5000, 20);
      expect(await health.check()).toBe(true); // one slow or failed ping is not an outage
      expect(await health.check()).toBe(false);
      expect(health.healthyFor(0)).toBe(false);

      await redis.start();
      await waitUntil('ping answers again', async () => (await health.check()) === true, 10_000, 50);
      expect(health.up).toBe(true);
      expect(health.healthyFor(0)).toBe(true);
      expect(health.healthyFor(60_000)).toBe(false);

      health.markDown();
      expect(health.up).toBe(false);
    } finally {
      client.disconnect();
      await redis.kill();
    }
  });
});

describe('ModeRow', () => {
  it('moves cache → database → recovering → cache, each step once and only from the state it expects', async () => {
    await resetServiceMode();
    const a = new ModeRow(testDb(), `test-a-${process.pid}`);
    const b = new ModeRow(testDb(), `test-b-${process.pid}`);
    const start = (await a.read())!;
    expect(start.mode).toBe('cache');

    await a.enterDatabase('test outage');
    const down = (await a.read())!;
    expect(down).toMatchObject({ mode: 'database', epoch: start.epoch + 1 });
    await b.enterDatabase('second report'); // only from cache: no second bump
    expect((await b.read())!.epoch).toBe(down.epoch);

    const epoch = await a.claimRecovery();
    expect(epoch).toBe(down.epoch + 1);
    expect(await b.claimRecovery()).toBeNull(); // one winner; a fresh recovery is not stale
    expect((await a.read())!.mode).toBe('recovering');

    // The barrier counts live instances not yet recovering at this epoch.
    await b.heartbeat('database', down.epoch);
    await a.heartbeat('recovering', epoch!);
    const waiting = await a.notYetRecovering(epoch!);
    expect(waiting).toBeGreaterThanOrEqual(1);
    await b.heartbeat('recovering', epoch!);
    expect(await a.notYetRecovering(epoch!)).toBe(waiting - 1);

    await a.finishRecovery(epoch! - 1); // not the recovery it won: nothing happens
    expect((await a.read())!.mode).toBe('recovering');
    await a.finishRecovery(epoch!);
    expect(await a.read()).toMatchObject({ mode: 'cache', epoch: epoch! + 1 });
  });

  it('a failed recovery goes back to database mode', async () => {
    await resetServiceMode();
    const row = new ModeRow(testDb(), `test-c-${process.pid}`);
    await row.enterDatabase('test outage');
    const epoch = await row.claimRecovery();
    expect(epoch).not.toBeNull();
    await row.abortRecovery(epoch!);
    expect((await row.read())!.mode).toBe('database');
  });
});
