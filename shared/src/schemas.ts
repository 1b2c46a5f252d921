/** Runtime schemas of every inbound payload (contract.md); inbound types are inferred from these. */
import { z } from './zod';

/** Opaque ids: strings of 1..64 characters (no NUL: no store can keep one). */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'at most 64 characters')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing the control character is the point
  .regex(/^[^\u0000]*$/, 'must not contain NUL');
export const stationCodeSchema = idSchema;
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');

export const seatIdsSchema = z
  .array(idSchema)
  .min(1, 'at least one seat')
  .max(10, 'at most 10 seats')
  .refine((ids) => new Set(ids).size === ids.length, 'seat ids must be distinct');

/** Extension: the needs a passenger ticks to hold wheelchair spaces and priority seats (docs/accessible-seats.md). */
export const accessNeedSchema = z.enum(['wheelchair', 'priority']);
export type AccessNeed = z.infer<typeof accessNeedSchema>;

export const holdRequestSchema = z.object({
  seatIds: seatIdsSchema,
  from: stationCodeSchema,
  to: stationCodeSchema,
  needs: z.array(accessNeedSchema).max(2).optional(),
});
export type HoldRequest = z.infer<typeof holdRequestSchema>;

export const seatHoldSchema = holdRequestSchema.extend({ tripId: idSchema });
export type SeatHoldPayload = z.infer<typeof seatHoldSchema>;

export const holdRefSchema = z.object({ holdId: idSchema });
export type HoldRef = z.infer<typeof holdRefSchema>;

export const tripRefSchema = z.object({ tripId: idSchema });
export type TripRef = z.infer<typeof tripRefSchema>;

/** Extension `seat:holdBest`: the server picks `count` adjacent seats atomically. */
export const holdBestSchema = z.object({
  tripId: idSchema,
  from: stationCodeSchema,
  to: stationCodeSchema,
  count: z.number().int().min(1).max(10),
  class: z.string().min(1).max(32).optional(),
  coach: z.string().min(1).max(16).optional(),
});
export type HoldBestPayload = z.infer<typeof holdBestSchema>;

export const passengerNameSchema = z.string().trim().min(1, 'name required').max(80, 'at most 80 characters');

/** Extension: `POST /api/orders/:id/cancel` may name the passengers (seats) to cancel; none = all. */
export const cancelRequestSchema = z.object({ seatIds: seatIdsSchema.optional() });
export type CancelRequest = z.infer<typeof cancelRequestSchema>;

export const orderRequestSchema = z
  .object({
    holdId: idSchema,
    passengers: z
      .array(z.object({ seatId: idSchema, name: passengerNameSchema }))
      .min(1)
      .max(10),
  })
  .refine((o) => new Set(o.passengers.map((p) => p.seatId)).size === o.passengers.length, {
    message: 'one passenger per seat',
    path: ['passengers'],
  });
export type OrderRequest = z.infer<typeof orderRequestSchema>;

export const idempotencyKeySchema = z.string().min(1).max(128);

export const registerSchema = z.object({
  email: z.string().email().max(200),
  password: z.string().min(8, 'at least 8 characters').max(200),
  name: z.string().trim().min(1).max(80),
});
export type RegisterRequest = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  email: z.string().email().max(200),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof loginSchema>;

export const tripsQuerySchema = z.object({
  from: stationCodeSchema.optional(),
  to: stationCodeSchema.optional(),
  date: dateSchema.optional(),
});
export type TripsQuery = z.infer<typeof tripsQuerySchema>;

/** `GET /api/ops/trips?date=` (extension): the trips of that day, default today. */
export const opsTripsQuerySchema = z.object({ date: dateSchema.optional() });

/** The first failing field as "path: message", for VALIDATION errors that say which field. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const path = issue.path.length ? issue.path.join('.') : 'body';
  return `${path}: ${issue.message}`;
}

/** Extension (operators): a sale over some trips. Times are ISO instants; null = no bound. */
const isoInstant = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time');
/** A sale's settings, each field once: creation gives defaults, a patch changes any of them. */
const saleSettings = {
  name: z.string().trim().min(1).max(120),
  opensAt: isoInstant.nullable(),
  closesAt: isoInstant.nullable(),
  queue: z.boolean(),
  verifiedOnly: z.boolean(),
  admitPerMinute: z.number().int().min(1).max(1_000_000),
  admissionMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
};

export const saleCreateSchema = z
  .object({
    id: idSchema.regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').optional(),
    name: saleSettings.name,
    tripIds: z.array(idSchema).max(500).default([]),
    opensAt: saleSettings.opensAt.default(null),
    closesAt: saleSettings.closesAt.default(null),
    queue: saleSettings.queue.default(false),
    verifiedOnly: saleSettings.verifiedOnly.default(false),
    admitPerMinute: saleSettings.admitPerMinute.optional(),
    admissionMinutes: saleSettings.admissionMinutes.optional(),
  })
  .refine((s) => !s.opensAt || !s.closesAt || Date.parse(s.opensAt) < Date.parse(s.closesAt), {
    message: 'must be after opensAt',
    path: ['closesAt'],
  });
export type SaleCreateRequest = z.infer<typeof saleCreateSchema>;

/** Extension (operators): change a sale; `state` opens it now, pauses, resumes (`open`) or closes it. */
export const salePatchSchema = z
  .object(saleSettings)
  .partial()
  .extend({ state: z.enum(['open', 'paused', 'closed']).optional() });
export type SalePatchRequest = z.infer<typeof salePatchSchema>;

/** Identity (extension, docs/contract-extensions.md "Identity and abuse limits"). The server normalises
 * the phone (Bangladeshi mobile, +8801XXXXXXXXX) and answers VALIDATION when it is not one. */
export const phoneSchema = z.string().trim().min(1, 'required').max(32);
export const phoneStartSchema = z.object({ phone: phoneSchema });
export type PhoneStartRequest = z.infer<typeof phoneStartSchema>;
export const phoneVerifySchema = z.object({
  phone: phoneSchema,
  code: z.string().regex(/^\d{6}$/, 'six digits'),
});
export type PhoneVerifyRequest = z.infer<typeof phoneVerifySchema>;
/** `GET /api/dev/sms?phone=` (sandbox SMS provider only). */
export const devSmsQuerySchema = z.object({ phone: phoneSchema.optional() });

/** Extension (tickets): a staff gate check, by signed QR token or by PNR (docs/payments.md). */
export const gateScanSchema = z
  .object({
    token: z.string().min(10).max(2000).optional(),
    pnr: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z2-9]{6,12}$/, 'PNR: 6 to 12 letters and digits')
      .optional(),
    /** The trip this gate is boarding; a ticket for another trip is `wrong_trip`. */
    tripId: idSchema.optional(),
    gate: z.string().trim().min(1).max(64).default('gate'),
  })
  .refine((b) => !!b.token !== !!b.pnr, 'exactly one of token or pnr');
export type GateScanRequest = z.input<typeof gateScanSchema>;

/** Extension (tickets): `GET /api/tickets/lookup?pnr=&phone=` for a passenger without their browser. */
export const ticketLookupSchema = z.object({
  pnr: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z2-9]{6,12}$/, 'PNR: 6 to 12 letters and digits'),
  phone: z.string().trim().min(6).max(20),
});
