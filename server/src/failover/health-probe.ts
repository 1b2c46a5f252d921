import type IORedis from 'ioredis';
import { type RedisClient as Redis, isCluster, masters } from '../infra/redis';

/**
 * Whether Redis answers, judged by PINGs on a connection of its own (never queued behind command
 * traffic). Two slow pings in a row, not one, mark it down: a busy event loop must not flip a whole
 * deployment into database mode. `healthyFor` says how long it has answered since it last came back.
 */
export class RedisHealth {
  private ok = true;
  private failedPings = 0;
  private healthySince = Date.now();

  constructor(
    private readonly redis: Redis,
    private readonly pingTimeoutMs: number,
  ) {}

  get up(): boolean {
    return this.ok;
  }

  /** Pings once and updates the verdict; resolves with it. */
  async check(): Promise<boolean> {
    const answered = await everyMasterAnswers(this.redis, this.pingTimeoutMs);
    this.failedPings = answered ? 0 : this.failedPings + 1;
    if (answered && !this.ok) this.healthySince = Date.now();
    if (answered || this.failedPings >= 2) this.ok = answered;
    return this.ok;
  }

  /** A command failed because the connection is gone: down now, without waiting for pings. */
  markDown(): void {
    this.ok = false;
  }

  /** The switch back succeeded: Redis is trusted again from now. */
  markUp(): void {
    if (!this.ok) this.healthySince = Date.now();
    this.ok = true;
  }

  healthyFor(ms: number, now = Date.now()): boolean {
    return this.ok && now - this.healthySince >= ms;
  }
}

/**
 * Every master answers a PING in time (one server: that server). On a cluster a dead master counts as
 * Redis down until its replica has taken over and the client has learnt the new slot map, which a
 * failed round asks for: the slots of a dead master cannot be decided by anyone in the meantime.
 */
export async function everyMasterAnswers(redis: Redis, ms: number): Promise<boolean> {
  const nodes = masters(redis);
  const ok = nodes.length > 0 && (await Promise.all(nodes.map((n) => pingWithin(n, ms)))).every(Boolean);
  if (!ok && isCluster(redis)) redis.refreshSlotsCache();
  return ok;
}

/**
 * PING with a deadline. When the deadline timer fires, the reply may already sit unread in the socket
 * while the event loop was busy: a setImmediate lets the poll phase read it first, so a busy server is
 * not mistaken for a dead Redis.
 */
export function pingWithin(redis: IORedis, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    let answered: boolean | null = null;
    const deadline = setTimeout(() => setImmediate(() => resolve(answered ?? false)), ms);
    const settle = (ok: boolean) => {
      answered = ok;
      clearTimeout(deadline);
      resolve(ok);
    };
    redis.ping().then(
      (r) => settle(r === 'PONG'),
      () => settle(false),
    );
  });
}
