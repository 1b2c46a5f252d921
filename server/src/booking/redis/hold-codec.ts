import type { SeatOccupancy } from '@fastpass/shared';
import type { HoldCommand, HoldRecord, SaleWindow, TripState } from '../hold-store';
import type { ScriptReply } from './scripts';

/*
 * How the Redis store's data looks on the wire to its Lua scripts: the six keys of a trip, hold
 * records as the scripts keep them (see _lib.lua), the payload of load-6.lua, and window arguments.
 */

/** The six keys of a trip, hash-tagged so every script stays in one Redis Cluster slot. */
export function tripKeys(tripId: string): string[] {
  const p = `{trip:${tripId}}`;
  return [`${p}:meta`, `${p}:occ`, `${p}:holds`, `${p}:exp`, `${p}:caps`, `${p}:gc`];
}

/** ARGV[1..10] of hold-6.lua and holdbest-6.lua: the new hold, its allowance key and its sale window. */
export function holdArgs(cmd: Omit<HoldCommand, 'seatIds'>): Array<string | number> {
  return [
    cmd.holdId,
    cmd.userId,
    cmd.mask,
    cmd.ttlMs,
    cmd.maxSeats,
    cmd.from,
    cmd.to,
    cmd.capKey,
    cmd.window.opensAt,
    closesFrom(cmd.window, cmd.from),
  ];
}

/** The window's end for a journey from `from`; a stop with none cannot be booked from (0). */
function closesFrom(window: SaleWindow, from: string): number {
  return window.closesAt[from] ?? 0;
}

/**
 * The field load-6.lua adds to a trip's seat and allowance hashes so Redis keeps them as hash tables
 * (prefer_hashtables in _lib.lua, which holds the same text): it is no seat, so snapshots leave it out.
 */
export const HASHTABLE_FIELD = '~ a field longer than 64 bytes keeps this hash a hash table (_lib.lua) ~';

/**
 * snapshot-6.lua's occupancy: `seatId NUL held:sold:v NUL seatId NUL …` ('' for a trip with no seat
 * entries), read by index rather than split, since a board reads a whole trip several times a second.
 */
export function parseOccupancy(raw: string): SeatOccupancy[] {
  const seats: SeatOccupancy[] = [];
  let at = 0;
  while (at < raw.length) {
    const idEnd = raw.indexOf('\0', at);
    let end = raw.indexOf('\0', idEnd + 1);
    if (end < 0) end = raw.length;
    const c1 = raw.indexOf(':', idEnd + 1);
    const c2 = raw.indexOf(':', c1 + 1);
    if (idEnd < 0 || c1 < 0 || c2 < 0 || c2 > end)
      throw new Error(`damaged occupancy near ${raw.slice(at, at + 80)}`);
    const id = raw.slice(at, idEnd);
    if (id === HASHTABLE_FIELD) {
      at = end + 1;
      continue;
    }
    seats.push({
      id,
      held: Number(raw.slice(idEnd + 1, c1)),
      sold: Number(raw.slice(c1 + 1, c2)),
      v: Number(raw.slice(c2 + 1, end)),
    });
    at = end + 1;
  }
  return seats;
}

/**
 * batch-6.lua's reply: per decision code, version, #changed, changed…, #expired, expired…, #extra,
 * extra…, all joined by NUL. Fields stay strings (every reader converts with Number/String), so a
 * decision's reply reads as the one its own script would have given.
 */
export function parseBatchReplies(raw: string, decisions: number): ScriptReply[] {
  const fields = raw.split('\0');
  let at = 0;
  const next = (): string => {
    if (at >= fields.length) throw new Error(`batch-6.lua reply ended early (${fields.length} fields)`);
    return fields[at++]!;
  };
  const list = (): string[] => {
    const n = Number(next());
    if (!Number.isInteger(n) || n < 0 || at + n > fields.length)
      throw new Error(`batch-6.lua reply is damaged at field ${at}`);
    const out = fields.slice(at, at + n);
    at += n;
    return out;
  };
  const replies: ScriptReply[] = [];
  for (let i = 0; i < decisions && at < fields.length; i++) {
    const code = next();
    const version = Number(next());
    replies.push([code, version, list(), list(), list()]);
  }
  if (at !== fields.length) throw new Error(`batch-6.lua reply has ${fields.length - at} fields too many`);
  return replies;
}

interface RawHold {
  u: string;
  k?: string;
  m: number;
  e: number;
  f: string;
  t: string;
  s: string[];
  x: number;
  c: number;
}

export function parseHold(tripId: string, holdId: string, json: string): HoldRecord {
  const r = JSON.parse(json) as RawHold;
  return {
    holdId,
    tripId,
    userId: r.u,
    mask: r.m,
    from: r.f,
    to: r.t,
    seatIds: r.s,
    expiresAt: r.e,
    createdAt: r.c,
    extended: r.x === 1,
    ...(r.k ? { capKey: r.k } : {}),
  };
}

export function toLoadPayload(state: TripState) {
  return {
    sold: state.sold,
    bought: state.bought,
    version: state.version ?? 0,
    ops: state.ops ?? [],
    holds: state.holds.map((h) => ({
      id: h.holdId,
      u: h.userId,
      ...(h.capKey && h.capKey !== h.userId ? { k: h.capKey } : {}),
      m: h.mask,
      e: h.expiresAt,
      f: h.from,
      t: h.to,
      s: h.seatIds,
      x: h.extended ? 1 : 0,
      c: h.createdAt,
    })),
  };
}
