import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { RedisClient as Redis } from '../../infra/redis';

const dir = path.join(__dirname, 'scripts');

/** `name-N.lua` → Lua source with `-- @include file` lines inlined, keyed by name and key count. */
export function loadScripts(): Array<{ name: string; keys: number; lua: string }> {
  return readdirSync(dir)
    .filter((f) => /^[a-z]+-\d+\.lua$/.test(f))
    .map((file) => {
      const [, name, keys] = /^([a-z]+)-(\d+)\.lua$/.exec(file)!;
      const lua = readFileSync(path.join(dir, file), 'utf8').replace(
        /^-- @include (\S+)$/m,
        (_, inc: string) => readFileSync(path.join(dir, inc), 'utf8'),
      );
      return { name: name!, keys: Number(keys), lua };
    });
}

/** Registers each script as a command (EVALSHA with EVAL fallback, via ioredis defineCommand). */
export function defineScripts(redis: Redis): void {
  for (const s of loadScripts()) redis.defineCommand(`fp_${s.name}`, { numberOfKeys: s.keys, lua: s.lua });
}

export type ScriptReply = [string, number, Array<string | number>, string[], Array<string | number>];
