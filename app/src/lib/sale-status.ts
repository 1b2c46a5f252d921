import type { Sale, Trip, TripSummary } from '@fastpass/shared';
import { formatDate, formatTime } from './format';

/** Why a journey cannot be booked now (contract v1.1 sale windows), as search and the map show it. */
export type ClosedReason = NonNullable<TripSummary['closedReason']>;

const DEFAULT_CUTOFF_MINUTES = 30;

/**
 * The server's rule, evaluated on this device's clock for display only: the booking server's stores
 * decide every hold with their own clock. Null when the journey from `from` can be booked now.
 */
export function closedReasonOf(trip: Trip, from: string, now: number): ClosedReason | null {
  if (trip.status === 'cancelled') return 'cancelled';
  const departsAt = trip.stops.find((s) => s.station === from)?.departsAt;
  if (!departsAt) return 'departed';
  const leaves = Date.parse(departsAt);
  if (now >= leaves) return 'departed';
  const sale = trip.sale;
  if (sale) {
    if (sale.state === 'closed' || (sale.closesAt && now >= Date.parse(sale.closesAt))) return 'closed';
    if (sale.opensAt && now < Date.parse(sale.opensAt)) return 'upcoming';
    if (sale.state === 'paused') return 'paused';
  }
  const cutoff = (trip.cutoffMinutes ?? DEFAULT_CUTOFF_MINUTES) * 60_000;
  return now >= leaves - cutoff ? 'cutoff' : null;
}

/** A short label for a closed journey ("Departed", "Sale opens Sat 28 Mar 08:00", …). */
export function closedLabel(reason: ClosedReason, sale?: Sale): string {
  switch (reason) {
    case 'departed':
      return 'Departed';
    case 'cutoff':
      return 'Booking closed — departs soon';
    case 'upcoming':
      return sale?.opensAt ? `Sale opens ${opensText(sale.opensAt)}` : 'Sale not open yet';
    case 'paused':
      return 'Sale paused';
    case 'closed':
      return 'Sale closed';
    case 'cancelled':
      return 'Trip cancelled';
  }
}

function opensText(iso: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Dhaka' }).format(new Date(iso));
  return `${formatDate(day)} ${formatTime(iso)}`;
}
