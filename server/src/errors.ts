import { type ErrorBody, ErrorCode, httpStatusOf } from '@fastpass/shared';
import type { ZodError } from 'zod/v4';
import { isConnectionError, isDatabaseDown } from './infra/failures';
import { describeZodError } from '@fastpass/shared';

/**
 * A failure with a contract code; anything else thrown becomes INTERNAL. Only INTERNAL ones record a
 * stack: the others are answers (a taken seat, a closed sale) that a rush gives thousands of times a
 * second, and capturing a stack cost more than the rest of a refused hold.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly seatIds?: string[],
  ) {
    const limit = Error.stackTraceLimit;
    if (code !== ErrorCode.INTERNAL) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }

  get status(): number {
    return httpStatusOf[this.code];
  }

  toBody(): ErrorBody {
    return this.seatIds
      ? { code: this.code, message: this.message, seatIds: this.seatIds }
      : { code: this.code, message: this.message };
  }
}

/** RATE_LIMITED with the seconds a client should wait (sent as `Retry-After`). */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSec: number,
    message = `too many requests; retry in ${retryAfterSec} s`,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
  }
}

export const validationError = (err: ZodError) => new AppError(ErrorCode.VALIDATION, describeZodError(err));
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const unavailable = (what: string) =>
  new AppError(ErrorCode.UNAVAILABLE, `${what} is unavailable; retry later`);

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isDatabaseDown(err) || isConnectionError(err)) return unavailable('a dependency');
  // Postgres refusing text it cannot store (a NUL byte, bytes invalid in UTF-8) is the caller's input
  // reaching the database unchecked: a validation answer, not a server failure.
  const code = (err as { code?: unknown } | null)?.code;
  if (code === '22021' || code === '22P05') {
    return new AppError(ErrorCode.VALIDATION, 'text: contains characters that cannot be stored (e.g. NUL)');
  }
  return new AppError(ErrorCode.INTERNAL, 'internal error; nothing was changed');
}
