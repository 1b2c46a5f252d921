/**
 * Business details (extension, docs/operations.md): what operators send to `/api/ops/*` to keep
 * stations, trains, coach layouts, consists, fares and schedules. The app validates forms with the
 * same schemas, so a field is refused in the browser for the same reason the server would refuse it.
 */
import { z } from './zod';
import { dateSchema, idSchema } from './schemas';

export const stationCodeInput = z
  .string()
  .trim()
  .regex(/^[A-Z]{2,8}$/, '2 to 8 capital letters');
const nameInput = z.string().trim().min(1, 'required').max(80, 'at most 80 characters');

export const stationCreateSchema = z.object({ code: stationCodeInput, name: nameInput });
export type StationCreate = z.infer<typeof stationCreateSchema>;
export const stationPatchSchema = z.object({ name: nameInput });

const minutes = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60);
export const trainStopSchema = z.object({
  station: stationCodeInput,
  /** Minutes after the origin departure; null at the origin. */
  arriveMin: minutes.nullable(),
  /** Minutes after the origin departure; null at the terminus. */
  departMin: minutes.nullable(),
  km: z.number().int().min(0).max(5000),
});
export type TrainStopInput = z.infer<typeof trainStopSchema>;

/** A timetable: origin departs at 0, times and distances grow, each station once, 2 to 31 stops. */
export const timetableSchema = z
  .array(trainStopSchema)
  .min(2, 'at least two stops')
  .max(31, 'at most 31 stops (30 legs)')
  .superRefine((stops, ctx) => {
    const issue = (i: number, field: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, field], message });
    const seen = new Set<string>();
    let last = -1;
    let lastKm = -1;
    stops.forEach((s, i) => {
      if (seen.has(s.station)) issue(i, 'station', `${s.station} is already a stop`);
      seen.add(s.station);
      const first = i === 0;
      const end = i === stops.length - 1;
      if (first && s.arriveMin !== null) issue(i, 'arriveMin', 'the origin has no arrival');
      if (first && s.departMin !== 0) issue(i, 'departMin', 'the origin departs at minute 0');
      if (first && s.km !== 0) issue(i, 'km', 'the origin is at km 0');
      if (end && s.departMin !== null) issue(i, 'departMin', 'the terminus has no departure');
      if (!first && s.arriveMin === null) issue(i, 'arriveMin', 'required');
      if (!end && s.departMin === null) issue(i, 'departMin', 'required');
      if (s.arriveMin !== null) {
        if (s.arriveMin <= last) issue(i, 'arriveMin', 'must be after the previous departure');
        last = s.arriveMin;
      }
      if (s.departMin !== null) {
        if (s.departMin < last || (!first && s.departMin < (s.arriveMin ?? 0)))
          issue(i, 'departMin', 'must not be before the arrival');
        last = s.departMin;
      }
      if (!first && s.km <= lastKm) issue(i, 'km', 'must be further than the previous stop');
      lastKm = s.km;
    });
  });

export const trainNumberInput = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,16}$/, '1 to 16 letters, digits or -');
export const trainCreateSchema = z.object({
  number: trainNumberInput,
  name: nameInput,
  stops: timetableSchema,
});
export type TrainCreate = z.infer<typeof trainCreateSchema>;
export const trainPatchSchema = z.object({ name: nameInput.optional(), stops: timetableSchema.optional() });
export type TrainPatch = z.infer<typeof trainPatchSchema>;

export const seatAccessSchema = z.enum(['wheelchair', 'priority', 'companion']);
export const layoutSeatSchema = z.object({
  row: z.number().int().min(1),
  col: z.number().int().min(1),
  label: z.string().trim().min(1).max(16),
  berth: z.enum(['lower', 'upper']).nullable().default(null),
  facing: z.enum(['forward', 'backward']).default('forward'),
  access: z.array(seatAccessSchema).max(3).default([]),
});
export type LayoutSeat = z.infer<typeof layoutSeatSchema>;

export const classInput = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{0,23}$/, 'capital letters, digits and _ (e.g. S_CHAIR)');

/** A coach layout: a grid of rows × columns; each listed cell is a seat, the rest stay empty. */
export const coachTypeSchema = z
  .object({
    code: classInput,
    name: nameInput,
    class: classInput,
    rows: z.number().int().min(1).max(40),
    cols: z.number().int().min(1).max(8),
    aisleAfter: z.array(z.number().int().min(1).max(7)).max(3).default([]),
    seats: z.array(layoutSeatSchema).min(1, 'at least one seat').max(320),
  })
  .superRefine((t, ctx) => {
    const cells = new Set<string>();
    const labels = new Set<string>();
    t.seats.forEach((s, i) => {
      if (s.row > t.rows || s.col > t.cols)
        ctx.addIssue({ code: 'custom', path: ['seats', i], message: `outside the ${t.rows}×${t.cols} grid` });
      const cell = `${s.row}:${s.col}`;
      if (cells.has(cell))
        ctx.addIssue({ code: 'custom', path: ['seats', i], message: 'two seats in one cell' });
      if (labels.has(s.label))
        ctx.addIssue({ code: 'custom', path: ['seats', i, 'label'], message: `label ${s.label} repeats` });
      cells.add(cell);
      labels.add(s.label);
    });
    for (const a of t.aisleAfter)
      if (a >= t.cols)
        ctx.addIssue({ code: 'custom', path: ['aisleAfter'], message: 'aisle outside the grid' });
  });
export type CoachTypeInput = z.infer<typeof coachTypeSchema>;

export const coachCodeInput = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{1,6}$/, '1 to 6 capital letters or digits');
/** A train's coaches in running order; `applyToTrips` also moves those trips (no sold tickets) to it. */
export const consistSchema = z.object({
  coaches: z
    .array(z.object({ code: coachCodeInput, type: classInput }))
    .min(1, 'at least one coach')
    .max(30)
    .refine((cs) => new Set(cs.map((c) => c.code)).size === cs.length, 'coach codes must be distinct'),
  applyToTrips: z.array(idSchema).max(400).default([]),
});
export type ConsistInput = z.infer<typeof consistSchema>;

const money = z.number().int().min(0).max(100_000_000);
export const fareSchema = z.object({
  baseMinor: money,
  perKmMinor: money,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'three capital letters')
    .default('BDT'),
});
export const trainFareSchema = z.object({ baseMinor: money, perKmMinor: money });

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24 h)');
const scheduleFields = {
  days: z
    .array(z.number().int().min(1).max(7))
    .min(1, 'at least one day')
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'each day once'),
  departsLocal: localTime,
  validFrom: dateSchema,
  validTo: dateSchema.nullable(),
  saleId: idSchema,
};
export const scheduleCreateSchema = z
  .object({
    trainNumber: trainNumberInput,
    ...scheduleFields,
    validTo: scheduleFields.validTo.default(null),
    saleId: scheduleFields.saleId.default('regular'),
  })
  .refine((s) => !s.validTo || s.validTo >= s.validFrom, { path: ['validTo'], message: 'before validFrom' });
export type ScheduleCreate = z.infer<typeof scheduleCreateSchema>;
export const schedulePatchSchema = z.object(scheduleFields).partial();
export type SchedulePatch = z.infer<typeof schedulePatchSchema>;

export const generateSchema = z.object({ days: z.number().int().min(0).max(120).optional() });
export const auditQuerySchema = z.object({
  resource: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// Answers.
export interface OpsStation {
  code: string;
  name: string;
  /** Trains stopping here (a station in use cannot be deleted). */
  trains: number;
}
export interface OpsTrain {
  number: string;
  name: string;
  stops: TrainStopInput[];
  coaches: Array<{ code: string; type: string | null; class: string; seats: number }>;
  consistId: number;
  schedules: number;
}
export interface OpsCoachType extends CoachTypeInput {}
export interface OpsFares {
  classes: Array<{ class: string; baseMinor: number; perKmMinor: number; currency: string }>;
  overrides: Array<{ trainNumber: string; class: string; baseMinor: number; perKmMinor: number }>;
}
export interface OpsSchedule {
  id: number;
  trainNumber: string;
  days: number[];
  departsLocal: string;
  validFrom: string;
  validTo: string | null;
  saleId: string;
}
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  resource: string;
  resourceId: string;
  before: unknown;
  after: unknown;
}
export interface GenerateResult {
  created: number;
  through: string;
}

/** Live figures of one sale (extension `ops:sales`, pushed to operators' sockets every second). */
export interface OpsSaleFigures {
  saleId: string;
  state: 'upcoming' | 'open' | 'paused' | 'closed';
  /** People waiting: in the lottery before the draw plus in line after it (0 without a waiting room). */
  queueLength: number;
  admittedPerSec: number;
  holdsPerSec: number;
  conflictsPerSec: number;
  /** Share of seat-legs sold on the sale's trips (upcoming trips only for the regular sale). */
  soldPct: number;
  revenueMinor: number;
  currency: string;
}
export interface OpsSalesEvent {
  at: string;
  /** How this instance serves holds now: `cache` (Redis) or `database` (degraded). */
  mode: 'cache' | 'database';
  sales: OpsSaleFigures[];
}

// Staff and kiosks.
export const staffInviteSchema = z.object({
  email: z.string().trim().email('an e-mail address').max(200),
  name: nameInput,
  role: z.enum(['staff', 'operator']),
});
export type StaffInvite = z.infer<typeof staffInviteSchema>;
export const staffRoleSchema = z.object({ role: z.enum(['passenger', 'staff', 'operator']) });
export const inviteAcceptSchema = z.object({
  token: z.string().min(16).max(200),
  password: z.string().min(8, 'at least 8 characters').max(200),
});
export const kioskCreateSchema = z.object({ name: nameInput, station: stationCodeInput });
export const kioskLoginSchema = z.object({ deviceToken: z.string().min(16).max(200) });

export interface OpsStaffMember {
  id: string;
  name: string;
  email: string | null;
  role: 'operator' | 'staff' | 'kiosk';
  /** Kiosks: the station the device is bound to, and whether it was revoked. */
  kiosk?: { id: number; station: string; revoked: boolean };
  /** Staff invited but not signed up yet. */
  invitePending?: boolean;
}
export interface StaffInviteResult {
  user: OpsStaffMember;
  /** Shown once: the invitee sets a password with it (`POST /api/staff/accept`). */
  inviteToken: string;
  expiresAt: string;
}
export interface KioskCreateResult {
  kiosk: OpsStaffMember;
  /** Shown once: the device signs in with it (`POST /api/auth/kiosk`). */
  deviceToken: string;
}
