/**
 * Every sentence the trip page shows or announces about holds, errors and live changes, in one place, so
 * the same event reads the same whichever path reported it (ack, server event, local timer, resync).
 * The words are in app/messages/<locale>.json under `tripMessages`; `tripMessages(t)` binds them to the
 * page's language once, when the trip store is created. Some English texts are asserted by the
 * Playwright specs (e.g. "expired — the seats went back", "try again").
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

/** A next-intl translator of the `tripMessages` namespace (or any with the same keys). */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export type TripMessages = ReturnType<typeof tripMessages>;

export function tripMessages(t: Translate) {
  const list = (seatIds: string[]) => ({ seats: seatIds.join(', '), count: seatIds.length });
  return {
    holdEnded(reason: HoldEndReason, seatIds: string[]): Notice {
      const v = list(seatIds);
      switch (reason) {
        case 'released':
          // I asked for it: the seat turning free is feedback enough, no toast.
          return { toast: null, announcement: t('released', v) };
        case 'expired':
          return { toast: { kind: 'info', text: t('expiredToast', v) }, announcement: t('expired', v) };
        case 'purchased':
          return {
            toast: { kind: 'success', text: t('purchasedToast', v) },
            announcement: t('purchased', v),
          };
        case 'lost':
          return { toast: { kind: 'info', text: t('lostToast', v) }, announcement: t('lost', v) };
      }
    },

    holdStarted: (seatIds: string[]) => t('holding', list(seatIds)),

    holdExtended: () => t('extended'),

    saleChanged: (state: SaleState) => t('saleChanged', { state }),

    /** Live changes by others in the coach being viewed. */
    seatsChanged: (seatIds: string[], coach: string) =>
      seatIds.length === 1
        ? t('seatChanged', { seat: seatIds[0] ?? '' })
        : t('seatsChanged', { count: seatIds.length, coach }),

    /** The hint above an empty hold list; parts the server did not tell are left out rather than guessed. */
    holdHint(holdTtlSeconds: number | null, maxSeats: number | null): string {
      const time =
        holdTtlSeconds === null
          ? t('hintNoTime')
          : holdTtlSeconds >= 60 && holdTtlSeconds % 60 === 0
            ? t('hintMinutes', { minutes: holdTtlSeconds / 60 })
            : t('hintSeconds', { seconds: Math.round(holdTtlSeconds) });
      return maxSeats === null ? time : `${time} ${t('hintLimit', { max: maxSeats })}`;
    },

    describeError(error: ErrorBody, maxSeats: number | null): string {
      switch (error.code) {
        case 'SEAT_TAKEN':
          return error.seatIds?.length ? t('errSeatTaken', list(error.seatIds)) : t('errSeatsTaken');
        case 'LIMIT_EXCEEDED':
          return maxSeats === null ? t('errLimitUnknown') : t('errLimit', { max: maxSeats });
        case 'HOLD_EXPIRED':
          return t('errHoldExpired');
        case 'SALE_CLOSED':
          return t('errSaleClosed');
        case 'VERIFICATION_REQUIRED':
          return t('errVerification');
        case 'NOT_ADMITTED':
          return t('errNotAdmitted');
        case 'FORBIDDEN':
          // With seats: wheelchair spaces or priority seats held without the need (docs/accessible-seats.md).
          return error.seatIds?.length ? t('errAccess', list(error.seatIds)) : error.message || error.code;
        case 'RATE_LIMITED':
          return t('errRateLimited');
        case 'UNAVAILABLE':
          return t('errUnavailable');
        default:
          return error.message || error.code;
      }
    },
  };
}

/** Errors the client makes up itself (no server answer); describeError decides what the user reads. */
export const NOT_CONNECTED: ErrorBody = { code: 'UNAVAILABLE', message: 'Not connected — reconnecting…' };
export const NO_ANSWER: ErrorBody = { code: 'UNAVAILABLE', message: 'No answer from the server' };
