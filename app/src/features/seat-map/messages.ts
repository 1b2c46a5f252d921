/**
 * Every sentence the trip page shows or announces about holds, errors and live changes, in one place, so
 * the same event reads the same whichever path reported it (ack, server event, local timer, resync).
 * Some texts are asserted by the Playwright specs (e.g. "expired — the seats went back", "try again").
 */
import type { ErrorBody, SaleState } from '@fastpass/shared';

/** Why one of my holds ended. `lost`: a resync found its seats no longer held for me, cause unknown. */
export type HoldEndReason = 'released' | 'expired' | 'purchased' | 'lost';

export type ToastKind = 'info' | 'error' | 'success';

export interface Notice {
  /** A visible toast, or none (the seat map itself shows the change). */
  toast: { kind: ToastKind; text: string } | null;
  /** The screen-reader announcement (polite live region). */
  announcement: string;
}

const seats = (seatIds: string[]) => seatIds.join(', ');

export function holdEnded(reason: HoldEndReason, seatIds: string[]): Notice {
  const s = seats(seatIds);
  switch (reason) {
    case 'released':
      // I asked for it: the seat turning free is feedback enough, no toast.
      return { toast: null, announcement: `Released ${s}` };
    case 'expired':
      return {
        toast: { kind: 'info', text: `Your hold on ${s} expired — the seats went back` },
        announcement: `Your hold on ${s} expired`,
      };
    case 'purchased':
      return {
        toast: { kind: 'success', text: `${s} ${seatIds.length > 1 ? 'are' : 'is'} booked` },
        announcement: `${s} booked`,
      };
    case 'lost':
      return {
        toast: { kind: 'info', text: `Your hold on ${s} ended and the seats went back` },
        announcement: `Your hold on ${s} ended`,
      };
  }
}

export function holdStarted(seatIds: string[]): string {
  return `Holding ${seats(seatIds)} for you`;
}

export const HOLD_EXTENDED = 'Hold extended';

export function saleChanged(state: SaleState): string {
  return `Sale ${state}`;
}

/** Live changes by others in the coach being viewed. */
export function seatsChanged(seatIds: string[], coach: string): string {
  return seatIds.length === 1
    ? `Seat ${seatIds[0]} changed`
    : `${seatIds.length} seats changed in coach ${coach}`;
}

/** The hint above an empty hold list; parts the server did not tell are left out rather than guessed. */
export function holdHint(holdTtlSeconds: number | null, maxSeats: number | null): string {
  const time = holdTtlSeconds === null ? '' : ` for ${duration(holdTtlSeconds)}`;
  const limit = maxSeats === null ? '' : ` Up to ${maxSeats} seats per trip.`;
  return `Tap a free seat to hold it${time}.${limit}`;
}

function duration(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) {
    const m = seconds / 60;
    return `${m} minute${m === 1 ? '' : 's'}`;
  }
  const s = Math.round(seconds);
  return `${s} second${s === 1 ? '' : 's'}`;
}

/** Errors the client makes up itself (no server answer); describeError decides what the user reads. */
export const NOT_CONNECTED: ErrorBody = { code: 'UNAVAILABLE', message: 'Not connected — reconnecting…' };
export const NO_ANSWER: ErrorBody = { code: 'UNAVAILABLE', message: 'No answer from the server' };

export function describeError(error: ErrorBody, maxSeats: number | null): string {
  switch (error.code) {
    case 'SEAT_TAKEN':
      return error.seatIds?.length
        ? `${seats(error.seatIds)} ${error.seatIds.length > 1 ? 'were' : 'was'} just taken`
        : 'Those seats were just taken';
    case 'LIMIT_EXCEEDED':
      return maxSeats === null
        ? 'You have reached the seat limit for one trip'
        : `You can hold or buy at most ${maxSeats} seats on one trip`;
    case 'HOLD_EXPIRED':
      return 'Your hold expired and the seats went back';
    case 'SALE_CLOSED':
      return 'This journey cannot be booked now — the sale is not open or the train leaves soon';
    case 'VERIFICATION_REQUIRED':
      return 'This sale is for verified accounts — verify your phone number first';
    case 'NOT_ADMITTED':
      return 'This sale has a waiting room — wait for your turn';
    case 'RATE_LIMITED':
      return 'Too many requests — try again in a moment';
    case 'UNAVAILABLE':
      return 'The booking service is busy — try again';
    default:
      return error.message || error.code;
  }
}
