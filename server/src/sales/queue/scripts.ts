import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { RedisClient as Redis } from '../../infra/redis';

const dir = path.join(__dirname, 'scripts');

/** `queue-name-N.lua` → command `fpq_name` with N keys; `-- @include file` lines are inlined. */
export function defineQueueScripts(redis: Redis): void {
  for (const file of readdirSync(dir)) {
    const m = /^queue-([a-z]+)-(\d+)\.lua$/.exec(file);
    if (!m) continue;
    const lua = readFileSync(path.join(dir, file), 'utf8').replace(/^-- @include (\S+)$/m, (_, inc: string) =>
      readFileSync(path.join(dir, inc), 'utf8'),
    );
    redis.defineCommand(`fpq_${m[1]}`, { numberOfKeys: Number(m[2]), lua });
  }
}
