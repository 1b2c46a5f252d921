import type { SeatOccupancy } from '@fastpass/shared';
import { type Db, PgCode, pgCode } from '../../infra/db';
import { windowClosed } from '../../sales/sale';
import { chooseBest, seatsOfCandidates } from '../best-seats';
import type {
  HoldBestCommand,
  HoldCommand,
  HoldRecord,
  HoldStore,
  SaleWindow,
  StoreFailure,
  StoreResult,
} from '../hold-store';
import { holdRecordOf, journeyRange } from './holds.table';
import { type TripTx, openTrip, tripPicture } from './trip-tx';

/*
 * Postgres implementation of HoldStore: the same decisions as the Redis scripts (redis/scripts/*.lua),
 * as one transaction per call.
 *
 * Locking: every deciding call first takes `trip_versions` FOR UPDATE for its trip and touches only
 * that trip's rows afterwards. One lock per call, always the first one taken, so concurrent calls on a
 * trip run one after another and cannot deadlock; different trips never wait on each other. The
 * `hold_seats` exclusion constraint is the backstop should anything write holds without that lock.
 *
 * Time: "now" is Postgres' clock_timestamp() read right after the lock, and every expiry decision of
 * the call uses it, so an expired hold is deactivated in the same transaction before anything is
 * checked and never blocks a seat, swept or not.
 *
 * Versions: one bump per call that changes seats, to greatest(version + 1, epoch µs). Redis restarts a
 * trip's version at epoch ms × 1000 when it loads and adds 1 per change, so at any instant a µs floor
 * is at or above anything Redis can have handed out (it would need over 1000 changes per ms of a trip
 * to get ahead). The row's own +1 keeps versions strictly increasing even if the clock steps back.
 * The floor assumes Redis and Postgres clocks roughly agree; TripStateRepo.load returns the current
 * Postgres version so a cache rebuilt after database mode can start above it.
 *
 * Sold legs are the `tickets` rows (Postgres is the truth): the order transaction has written or
 * deactivated them before confirm/unsell are called, so those two only retire the hold and report
 * the seats' fresh occupancy.
 */

type Outcome<T extends object> = ({ ok: true } & T) | { ok: false; code: StoreFailure; seatIds?: string[] };

/** Postgres implementation of HoldStore (database mode); see the header for locking and versions. */
export class PgHoldStore implements HoldStore {
  constructor(private readonly db: Db) {}

  hold(cmd: HoldCommand): Promise<StoreResult<{ expiresAt: number }>> {
    const legs = journeyRange(cmd.mask);
    return this.creatingHold(cmd.tripId, cmd.seatIds, async (c): Promise<Outcome<{ expiresAt: number }>> => {
      if (windowClosed(cmd.window, cmd.from, c.now)) return { ok: false, code: 'SALE_CLOSED' };
      await c.expireDue();
      const { used, taken } = await c.usedAndTaken(cmd.capKey, cmd.seatIds, legs);
      if (used + cmd.seatIds.length > cmd.maxSeats) return { ok: false, code: 'LIMIT_EXCEEDED' };
      if (taken.size > 0)
        return { ok: false, code: 'SEAT_TAKEN', seatIds: cmd.seatIds.filter((s) => taken.has(s)) };
      return { ok: true, expiresAt: await c.createHold(cmd, cmd.seatIds, legs) };
    });
  }

  /** Best-available, chosen (`chooseBest`, the rule of holdbest-6.lua) and held under the trip lock. */
  holdBest(cmd: HoldBestCommand): Promise<StoreResult<{ expiresAt: number; seatIds: string[] }>> {
    const legs = journeyRange(cmd.mask);
    const all = seatsOfCandidates(cmd.candidates);
    return this.creatingHold(
      cmd.tripId,
      [],
      async (c): Promise<Outcome<{ expiresAt: number; seatIds: string[] }>> => {
        if (windowClosed(cmd.window, cmd.from, c.now)) return { ok: false, code: 'SALE_CLOSED' };
        await c.expireDue();
        const { used, taken } = await c.usedAndTaken(cmd.capKey, all, legs);
        if (used + cmd.count > cmd.maxSeats) return { ok: false, code: 'LIMIT_EXCEEDED' };
        const choice = chooseBest(cmd.candidates, (s) => !taken.has(s));
        if (!choice) return { ok: false, code: 'SEAT_TAKEN', seatIds: [] };
        return { ok: true, expiresAt: await c.createHold(cmd, choice, legs), seatIds: choice };
      },
    );
  }

  release(tripId: string, holdId: string, userId: string): Promise<StoreResult> {
    return this.inTrip(tripId, async (c): Promise<Outcome<object>> => {
      const row = await c.ownedLiveHold(holdId, userId);
      if (typeof row === 'string') return { ok: false, code: row };
      await c.endHold(row, 'released');
      return { ok: true };
    });
  }

  claim(
    tripId: string,
    holdId: string,
    userId: string,
    graceMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>> {
    return this.inTrip(tripId, async (c): Promise<Outcome<{ hold: HoldRecord }>> => {
      const row = await c.ownedLiveHold(holdId, userId, window);
      if (typeof row === 'string') return { ok: false, code: row };
      const payingUntil = new Date(c.now + graceMs);
      await c.trx.raw('UPDATE holds SET paying_until = ?::timestamptz WHERE id = ?', [
        payingUntil.toISOString(),
        holdId,
      ]);
      return { ok: true, hold: holdRecordOf(tripId, { ...row, paying_until: payingUntil }) };
    });
  }

  confirm(
    tripId: string,
    holdId: string,
    _userId: string,
    _mask: number,
    seatIds: string[],
  ): Promise<StoreResult> {
    return this.inTrip(tripId, async (c): Promise<Outcome<object>> => {
      const row = await c.findHold(holdId);
      // Idempotent, and like the script it answers before expiring anything.
      if (row?.status === 'purchased') return { ok: true };
      // The hold is retired whatever its state (even expired meanwhile); with no row at all there is
      // nothing to retire, and the sold legs are in tickets either way.
      if (row) await c.endHold(row, 'purchased');
      c.touch(seatIds);
      await c.expireDue();
      return { ok: true };
    });
  }

  unsell(tripId: string, _userId: string, _mask: number, seatIds: string[]): Promise<StoreResult> {
    // The cancelled order's tickets are already inactive: only the seats' new occupancy is news.
    return this.inTrip(tripId, async (c): Promise<Outcome<object>> => {
      c.touch(seatIds);
      return { ok: true };
    });
  }

  extend(
    tripId: string,
    holdId: string,
    userId: string,
    ttlMs: number,
    window: SaleWindow,
  ): Promise<StoreResult<{ hold: HoldRecord }>> {
    return this.inTrip(tripId, async (c): Promise<Outcome<{ hold: HoldRecord }>> => {
      const row = await c.ownedLiveHold(holdId, userId, window);
      if (typeof row === 'string') return { ok: false, code: row };
      if (row.extended) return { ok: false, code: 'LIMIT_EXCEEDED' };
      const capped = Math.min(c.now + ttlMs, row.created_at.getTime() + 2 * ttlMs);
      const expiresAt = new Date(Math.max(capped, row.expires_at.getTime()));
      await c.trx.raw('UPDATE holds SET expires_at = ?::timestamptz, extended = true WHERE id = ?', [
        expiresAt.toISOString(),
        holdId,
      ]);
      return { ok: true, hold: holdRecordOf(tripId, { ...row, expires_at: expiresAt, extended: true }) };
    });
  }

  /**
   * Without due or unseated holds, one lock-free statement gives a consistent picture (reads in
   * database mode should not queue behind holds); otherwise the holds are seated and the due ones
   * expired first, under the lock. Every seat carries v = the snapshot's version: an upper bound of
   * its last change that is exactly what a client needs to drop older updates and keep newer ones,
   * and that stays right after Redis and Postgres took turns on the trip.
   */
  async snapshot(tripId: string): Promise<StoreResult<{ seats: SeatOccupancy[] }>> {
    const quick = await tripPicture(this.db, tripId);
    if (quick.version !== null && quick.due === 0 && !quick.unseated) {
      const v = quick.version;
      return {
        ok: true,
        seats: quick.seats.map(([id, held, sold]) => ({ id, held, sold, v })),
        effects: { tripId, version: v, changed: [], expired: [] },
      };
    }
    return this.inTrip(tripId, async (c): Promise<Outcome<{ seats: SeatOccupancy[] }>> => {
      await c.expireDue();
      await c.flush();
      const pic = await tripPicture(c.trx, tripId);
      const v = c.version;
      return { ok: true, seats: pic.seats.map(([id, held, sold]) => ({ id, held, sold, v })) };
    });
  }

  /** The sweeper's pass; a trip with nothing due is answered without taking its lock. */
  async expireDue(tripId: string): Promise<StoreResult<{ active: number }>> {
    const { rows } = await this.db.raw<{
      rows: Array<{ version: string | null; due: number; active: number }>;
    }>(
      `SELECT (SELECT version FROM trip_versions WHERE trip_id = ?) AS version,
              count(*) FILTER (WHERE greatest(expires_at, paying_until) <= clock_timestamp())::int AS due,
              count(*)::int AS active
       FROM holds WHERE trip_id = ? AND status = 'active'`,
      [tripId, tripId],
    );
    const quick = rows[0]!;
    if (quick.version !== null && quick.due === 0) {
      return {
        ok: true,
        active: quick.active,
        effects: { tripId, version: Number(quick.version), changed: [], expired: [] },
      };
    }
    return this.inTrip(tripId, async (c): Promise<Outcome<{ active: number }>> => {
      await c.expireDue();
      const { rows: left } = await c.trx.raw<{ rows: Array<{ n: number }> }>(
        `SELECT count(*)::int AS n FROM holds WHERE trip_id = ? AND status = 'active'`,
        [tripId],
      );
      return { ok: true, active: left[0]!.n };
    });
  }

  /**
   * Trips with live holds, for a database-mode sweeper (the Redis-backed list of active trips is out of
   * reach while Redis is down). Not part of HoldStore: only the Postgres store can answer it cheaply.
   */
  async tripsWithLiveHolds(): Promise<string[]> {
    const { rows } = await this.db.raw<{ rows: Array<{ trip_id: string }> }>(
      `SELECT DISTINCT trip_id FROM holds WHERE status = 'active'`,
    );
    return rows.map((r) => r.trip_id);
  }

  /** inTrip for calls that insert a hold, mapping the exclusion constraint's refusal to SEAT_TAKEN. */
  private async creatingHold<T extends object>(
    tripId: string,
    seatIds: string[],
    decide: (c: TripTx) => Promise<Outcome<T>>,
  ): Promise<StoreResult<T>> {
    try {
      return await this.inTrip(tripId, decide);
    } catch (err) {
      // Only reachable if something wrote hold rows without the trip lock: the constraint refused the
      // double hold and rolled everything back, so nothing changed.
      if (pgCode(err) !== PgCode.exclusionViolation) throw err;
      const version = await this.currentVersion(tripId);
      return {
        ok: false,
        code: 'SEAT_TAKEN',
        seatIds,
        effects: { tripId, version, changed: [], expired: [] },
      };
    }
  }

  /** Runs one call in a transaction holding the trip's lock; business refusals still commit expiries. */
  private inTrip<T extends object>(
    tripId: string,
    decide: (c: TripTx) => Promise<Outcome<T>>,
  ): Promise<StoreResult<T>> {
    return this.db.transaction(async (trx) => {
      const c = await openTrip(trx, tripId);
      const outcome = await decide(c);
      const effects = await c.effects();
      return { ...outcome, effects } as StoreResult<T>;
    });
  }

  private async currentVersion(tripId: string): Promise<number> {
    const row = await this.db('trip_versions')
      .where({ trip_id: tripId })
      .first<{ version: string } | undefined>();
    return row ? Number(row.version) : 0;
  }
}
