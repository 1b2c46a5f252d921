import { ErrorCode } from '@fastpass/shared';
import { AppError } from '../errors';
import type { StoreFailure } from './hold-store';

const messages: Record<StoreFailure, string> = {
  NOT_FOUND: 'hold not found',
  FORBIDDEN: 'this hold belongs to another user',
  HOLD_EXPIRED: 'the hold has ended (expired, released or purchased)',
  LIMIT_EXCEEDED: 'this would exceed your seat allowance on this trip',
  SEAT_TAKEN: 'some seats are not available for this journey; nothing was held',
  SALE_CLOSED: 'not bookable now: outside the sale window (not open yet, paused, closed or departed)',
};

export function storeFailure(code: StoreFailure, seatIds?: string[], message?: string): AppError {
  return new AppError(
    ErrorCode[code],
    message ?? messages[code],
    code === 'SEAT_TAKEN' ? seatIds : undefined,
  );
}
