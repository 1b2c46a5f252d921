import { type ErrorBody, ErrorCode, httpStatusOf } from '@fastpass/shared';
import type { ZodError } from 'zod';
import { isConnectionError, isDatabaseDown } from './infra/failures';
import { describeZodError } from '@fastpass/shared';

/** A failure with a contract code; anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly seatIds?: string[],
  ) {
    super(message);
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
  return new AppError(ErrorCode.INTERNAL, 'internal error; nothing was changed');
}
