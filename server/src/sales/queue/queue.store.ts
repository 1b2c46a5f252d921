import { ErrorCode } from '@fastpass/shared';
import type { RedisClient as Redis } from '../../infra/redis';
import { AppError } from '../../errors';
import { isConnectionError } from '../../infra/failures';
import type { LotterySecret } from './lottery';
import { defineQueueScripts } from './scripts';

type Reply = Array<string | number | Array<string | number>>;
type Scripted = Redis &
  Record<
    'fpq_commit' | 'fpq_join' | 'fpq_open' | 'fpq_admit',
    (...args: Array<string | number>) => Promise<Reply>
  >;

/** The four keys of a sale's waiting room, hash-tagged so every script stays in one Cluster slot. */
export function queueKeys(saleId: string): [string, string, string, string] {
  const p = `{sale:${saleId}}`;
  return [`${p}:meta`, `${p}:pre`, `${p}:q`, `${p}:adm`];
}

export type JoinResult =
  | { state: 'admitted'; expiresAt: number }
  | { state: 'waiting'; place: number; cursor: number }
  | { state: 'lottery'; entrants: number };

export type OpenResult = 'OK' | 'ALREADY' | 'EARLY' | 'STALE';

export interface AdmitBatch {
  cursor: number;
  at: number;
  admitted: Array<{ userId: string; expiresAt: number }>;
}

export interface QueueCursor {
  opened: boolean;
  frozen: boolean;
  cursor: number;
  /** Redis time (ms) of the admission tick the cursor comes from. */
  at: number;
  admitted: number;
}

export interface Commitment {
  commitment: string;
  salt: string;
  committedAt: number;
  opened: boolean;
  seed: string | null;
}

/** A damaged or foreign value in a sale's keys: a clear, logged INTERNAL error, never a guess. */
export function corrupt(saleId: string, what: string): AppError {
  return new AppError(
    ErrorCode.INTERNAL,
    `the waiting-room state of sale ${saleId} is damaged (${what}); an operator must repair or delete its {sale:${saleId}} keys`,
  );
}

const num = (v: unknown) => Number(v);

/** The waiting room's Redis side: one Lua script per transition, typed results. */
export class QueueStore {
  private readonly r: Scripted;

  constructor(redis: Redis) {
    defineQueueScripts(redis);
    this.r = redis as Scripted;
  }

  /** Runs a script; Redis's own type errors (a key of the wrong type) become `corrupt`. */
  private async run(
    saleId: string,
    name: 'commit' | 'join' | 'open' | 'admit',
    args: Array<string | number>,
  ) {
    const keys = queueKeys(saleId);
    let reply: Reply;
    try {
      reply = await this.r[`fpq_${name}`](...(name === 'commit' ? keys.slice(0, 1) : keys), ...args);
    } catch (err) {
      if (isConnectionError(err)) throw err;
      if (err instanceof Error && /WRONGTYPE|ERR/.test(err.message)) throw corrupt(saleId, err.message);
      throw err;
    }
    if (reply[0] === 'CORRUPT') throw corrupt(saleId, String(reply[1]));
    return reply;
  }

  async commit(saleId: string, fresh: LotterySecret): Promise<Commitment> {
    const r = await this.run(saleId, 'commit', [fresh.seed, fresh.salt, fresh.commitment]);
    return {
      commitment: String(r[1]),
      salt: String(r[2]),
      committedAt: num(r[3]),
      opened: r[4] === '1',
      seed: r[5] ? String(r[5]) : null,
    };
  }

  async join(saleId: string, userId: string, entrant: string, opensAt: number | null): Promise<JoinResult> {
    const r = await this.run(saleId, 'join', [userId, entrant, opensAt ?? 0]);
    if (r[0] === 'ADMITTED') return { state: 'admitted', expiresAt: num(r[1]) };
    if (r[0] === 'WAITING') return { state: 'waiting', place: num(r[1]), cursor: num(r[2]) };
    return { state: 'lottery', entrants: num(r[1]) };
  }

  async open(saleId: string, opensAt: number, digest: string, userIds: string[]): Promise<OpenResult> {
    const r = await this.run(saleId, 'open', [opensAt, digest, ...userIds]);
    return r[0] as OpenResult;
  }

  async admit(
    saleId: string,
    perMinute: number,
    lengthMs: number,
    burst: number,
  ): Promise<AdmitBatch | null> {
    const r = await this.run(saleId, 'admit', [perMinute, lengthMs, burst]);
    if (r[0] !== 'OK') return null;
    const flat = r[3] as Array<string | number>;
    const admitted: AdmitBatch['admitted'] = [];
    for (let i = 0; i < flat.length; i += 2)
      admitted.push({ userId: String(flat[i]), expiresAt: num(flat[i + 1]) });
    return { cursor: num(r[1]), at: num(r[2]), admitted };
  }

  /** Operators' figures: people waiting (lottery + line) and admitted so far (cumulative). */
  async lengths(saleId: string): Promise<{ waiting: number; admitted: number }> {
    const [meta, pre, q] = queueKeys(saleId);
    const replies = (await this.r.pipeline().zcard(pre).zcard(q).hget(meta, 'admitted').exec()) ?? [];
    const n = (i: number) => Number(replies[i]?.[1] ?? 0) || 0;
    return { waiting: n(0) + n(1), admitted: n(2) };
  }

  /** The one read per sale per tick from which every local waiter's position follows. */
  async cursor(saleId: string): Promise<QueueCursor> {
    const [opened, frozen, cursor, at, admitted] = await this.r.hmget(
      queueKeys(saleId)[0],
      'opened',
      'frozen',
      'cursor',
      'last',
      'admitted',
    );
    const c = Number(cursor ?? 0);
    if (!Number.isFinite(c)) throw corrupt(saleId, 'meta.cursor');
    return {
      opened: opened === '1',
      frozen: frozen === '1',
      cursor: c,
      at: Number(at ?? 0),
      admitted: Number(admitted ?? 0),
    };
  }

  /** Places of users (null: not queued, e.g. still in the lottery or already admitted). */
  async places(saleId: string, userIds: string[]): Promise<Array<number | null>> {
    if (userIds.length === 0) return [];
    const r = await this.r.zmscore(queueKeys(saleId)[2], ...userIds);
    return r.map((v) => (v === null ? null : Number(v)));
  }

  /** Admission deadlines (ms) of users; null when they have none. */
  async admissions(saleId: string, userIds: string[]): Promise<Array<number | null>> {
    if (userIds.length === 0) return [];
    const r = await this.r.zmscore(queueKeys(saleId)[3], ...userIds);
    return r.map((v) => (v === null ? null : Number(v)));
  }

  async admission(saleId: string, userId: string): Promise<number | null> {
    try {
      const v = await this.r.zscore(queueKeys(saleId)[3], userId);
      return v === null ? null : Number(v);
    } catch (err) {
      if (err instanceof Error && /WRONGTYPE/.test(err.message)) throw corrupt(saleId, err.message);
      throw err;
    }
  }

  /** The frozen pre-queue: userId → entrant hash. */
  async entrants(saleId: string): Promise<Record<string, string>> {
    return this.r.hgetall(queueKeys(saleId)[1]);
  }

  async seed(saleId: string): Promise<string | null> {
    return this.r.hget(queueKeys(saleId)[0], 'seed');
  }
}
