import type { Mode, Readiness } from '@fastpass/shared';
import { type RedisClient as Redis, masters } from './redis';
import type { Db } from './db';

/** Pings both dependencies with a short deadline; used by /readyz. */
export class DependencyProbe {
  constructor(
    private readonly redis: Redis,
    private readonly db: Db,
    private readonly mode: () => Mode,
  ) {}

  async readiness(): Promise<Readiness> {
    const [redis, postgres] = await Promise.all([
      // On a cluster every master must answer: a dead one's slots cannot be decided.
      within(
        Promise.all(masters(this.redis).map((n) => n.ping())).then(
          (r) => r.length > 0 && r.every((p) => p === 'PONG'),
        ),
      ),
      within(this.db.raw('select 1').then(() => true)),
    ]);
    return { redis: redis ? 'up' : 'down', postgres: postgres ? 'up' : 'down', mode: this.mode() };
  }
}

function within(p: Promise<boolean>, ms = 1000): Promise<boolean> {
  return Promise.race([p.catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
}
