// The Redis store alone: C in-process clients loop hold → release (one random seat of a 1,000-seat trip,
// the whole journey) through the built RedisHoldStore against a private redis-server, and the CPU each
// side spent per request is printed. No sockets, no HTTP, no Postgres: what a change to the Lua scripts
// or the decision batcher costs or saves, measured apart from the noise of a full run.
// Usage (after `npm run build`): node bench/src/store-loop.mjs [--clients 30] [--rounds 1500]
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRedis } from '../../scripts/lib/redis.mjs';

const requireServer = createRequire(new URL('../../server/package.json', import.meta.url));
const Redis = requireServer('ioredis');
const { RedisHoldStore } = requireServer('./dist/booking/redis/redis-hold-store.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const clients = arg('clients', 30);
const rounds = arg('rounds', 1500);

const dir = mkdtempSync(path.join(tmpdir(), 'fp-store-loop-'));
const server = await startRedis({ dataDir: dir });
const redis = new Redis(server.url, { enableAutoPipelining: true });
try {
  const store = new RedisHoldStore(redis, async () => ({ sold: {}, bought: {}, holds: [] }));
  const stops = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
  const window = { opensAt: 0, closesAt: Object.fromEntries(stops.map((s) => [s, 8.64e15])) };
  const seats = Array.from({ length: 1000 }, (_, i) => `C${(i % 15) + 1}-${i + 1}`);
  let requests = 0;
  let seq = 0;
  const loop = async (c, n) => {
    const user = `0b6c7a0e-1f2d-4c3b-9a8e-${String(c).padStart(12, '0')}`;
    for (let k = 0; k < n; k++) {
      const holdId = `T~${c.toString(36)}x${(seq++).toString(36)}`;
      const r = await store.hold({
        tripId: 'T',
        holdId,
        userId: user,
        capKey: user,
        window,
        seatIds: [seats[Math.floor(Math.random() * seats.length)]],
        mask: 0b111111111,
        from: 'A',
        to: 'J',
        ttlMs: 600_000,
        maxSeats: 10,
      });
      requests++;
      if (r.ok) {
        await store.release('T', holdId, user);
        requests++;
      }
    }
  };
  await loop(0, 20); // load the trip and the scripts
  const redisCpu = async () => {
    const info = await redis.info('cpu');
    return Number(/used_cpu_user:([\d.]+)/.exec(info)[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)[1]);
  };
  const calls = async () =>
    Number(/cmdstat_evalsha:calls=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0);
  const [r0, e0, n0, c0, t0] = [
    await redisCpu(),
    await calls(),
    requests,
    process.cpuUsage(),
    performance.now(),
  ];
  await Promise.all(Array.from({ length: clients }, (_, c) => loop(c, rounds)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const n = requests - n0;
  const us = (x) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      clients,
      requests: n,
      requestsPerSec: Math.round(n / seconds),
      decisionsPerScriptCall: us(n / Math.max(1, (await calls()) - e0)),
      clientCpuUsPerRequest: us((cpu.user + cpu.system) / n),
      redisCpuUsPerRequest: us((((await redisCpu()) - r0) * 1e6) / n),
    }),
  );
} finally {
  redis.disconnect();
  await server.service.stop();
  rmSync(dir, { recursive: true, force: true });
}
