/** Contract error codes (contract.md, "Errors"), in the precedence order the contract gives. */
export const ErrorCode = {
  VALIDATION: 'VALIDATION',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  /** v1.1: hold, extend or purchase outside the sale window (not open yet, paused, closed, departed). */
  SALE_CLOSED: 'SALE_CLOSED',
  /** v1.1: a hold on a `verifiedOnly` sale by an account without a verified phone. */
  VERIFICATION_REQUIRED: 'VERIFICATION_REQUIRED',
  /** v1.1: a hold on a queued sale's trip without a valid admission from the waiting room. */
  NOT_ADMITTED: 'NOT_ADMITTED',
  HOLD_EXPIRED: 'HOLD_EXPIRED',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  SEAT_TAKEN: 'SEAT_TAKEN',
  RATE_LIMITED: 'RATE_LIMITED',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  /** Extension (operators): the change collides with what depends on it (a station a train stops at,
   * a train with trips, a trip with sold tickets); nothing was changed. */
  CONFLICT: 'CONFLICT',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const httpStatusOf: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SALE_CLOSED: 409,
  VERIFICATION_REQUIRED: 403,
  NOT_ADMITTED: 403,
  SEAT_TAKEN: 409,
  HOLD_EXPIRED: 410,
  LIMIT_EXCEEDED: 422,
  RATE_LIMITED: 429,
  IDEMPOTENCY_CONFLICT: 422,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  seatIds?: string[];
}

export interface ErrorResponse {
  error: ErrorBody;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in httpStatusOf;
}
