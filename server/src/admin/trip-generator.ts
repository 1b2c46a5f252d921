import type { GenerateResult } from '@fastpass/shared';
import type { Db } from '../infra/db';
import type { Leadership } from '../infra/leadership';
import type { Logger } from '../infra/logger';

/**
 * Makes trips from schedules for today … today + `horizonDays` (dates in TIMEZONE), so a server left
 * running keeps selling. One statement does it: the trips (`ON CONFLICT DO NOTHING` on the trip id and
 * on one trip per train and date), their stops copied from the train's timetable, each with the
 * train's current consist, and a touch of the non-regular sales they join (so every instance's
 * SaleService re-reads its members). Running it twice, or on two instances at once, creates each trip
 * once: Postgres decides, the leadership lock only saves the followers the work.
 *
 * A train needs a timetable and at least one coach before a trip is made for it.
 */
export const GENERATE_SQL = `
WITH days AS (
  SELECT d::date AS date
    FROM generate_series((now() AT TIME ZONE :tz)::date,
                         (now() AT TIME ZONE :tz)::date + :days::int, interval '1 day') d
), wanted AS (
  SELECT DISTINCT ON (s.train_id, days.date)
         s.id AS schedule_id, s.train_id, t.number, t.consist_id, s.sale_id, days.date,
         (days.date + s.departs_local::time) AT TIME ZONE :tz AS departs_at
    FROM schedules s
    JOIN trains t ON t.id = s.train_id
   CROSS JOIN days
   WHERE days.date >= s.valid_from AND (s.valid_to IS NULL OR days.date <= s.valid_to)
     AND extract(isodow FROM days.date)::smallint = ANY (s.days)
     AND EXISTS (SELECT 1 FROM train_stops ts WHERE ts.train_id = s.train_id)
     AND EXISTS (SELECT 1 FROM coaches c WHERE c.consist_id = t.consist_id)
   ORDER BY s.train_id, days.date, s.id
), ins AS (
  INSERT INTO trips (id, train_id, date, departs_at, consist_id, sale_id, schedule_id)
  SELECT replace(number, '-', '') || '-' || to_char(date, 'YYYYMMDD'),
         train_id, date, departs_at, consist_id, sale_id, schedule_id
    FROM wanted
   ORDER BY train_id, date
  ON CONFLICT DO NOTHING
  RETURNING id, train_id, departs_at, sale_id
), stops AS (
  INSERT INTO trip_stops (trip_id, idx, station_code, arrives_at, departs_at, km)
  SELECT ins.id, s.idx, s.station_code,
         ins.departs_at + make_interval(mins => s.arrive_min),
         ins.departs_at + make_interval(mins => s.depart_min), s.km
    FROM ins JOIN train_stops s ON s.train_id = ins.train_id
  RETURNING trip_id
), sales_touched AS (
  UPDATE sales SET updated_at = now()
   WHERE id IN (SELECT sale_id FROM ins WHERE sale_id <> 'regular')
  RETURNING id
)
SELECT (SELECT count(*)::int FROM ins) AS created,
       (SELECT count(*)::int FROM stops) AS stops,
       (SELECT count(*)::int FROM sales_touched) AS sales,
       to_char((now() AT TIME ZONE :tz)::date + :days::int, 'YYYY-MM-DD') AS through`;

export class TripGenerator {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: {
      timeZone: string;
      horizonDays: number;
      intervalMs: number;
      leadership?: Leadership;
      log: Logger;
    },
  ) {}

  async generate(days = this.opts.horizonDays): Promise<GenerateResult> {
    const { rows } = await this.db.raw<{ rows: Array<{ created: number; through: string }> }>(GENERATE_SQL, {
      tz: this.opts.timeZone,
      days,
    });
    const r = rows[0]!;
    if (r.created > 0) this.opts.log.info({ created: r.created, through: r.through }, 'trips generated');
    return { created: r.created, through: r.through };
  }

  /** Runs at start and every `intervalMs` on the instance that leads (any instance if Redis is away). */
  start(): void {
    const tick = async () => {
      const lead = await (this.opts.leadership?.lead() ?? Promise.resolve(true)).catch(() => true);
      if (!lead) return;
      await this.generate();
    };
    const run = () =>
      tick().catch((err) => this.opts.log.warn({ err: String(err) }, 'trip generation failed; retrying'));
    void run();
    this.timer ??= setInterval(run, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.opts.leadership?.release();
  }
}
