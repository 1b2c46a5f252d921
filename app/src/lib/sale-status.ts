import type { Sale, Trip, TripSummary } from '@fastpass/shared';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/prefs';
import type { Formatter } from './format';

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

/** A short label for a closed journey ("Departed", "Sale opens Sat 28 Mar 08:00", …), in `sale.*` words. */
export function closedLabel(
  reason: ClosedReason,
  sale: Sale | undefined,
  t: (key: string, values?: Record<string, string>) => string,
  f: Formatter,
): string {
  if (reason === 'upcoming' && sale?.opensAt) return t('opensAt', { when: f.dateTime(sale.opensAt) });
  return t(reason);
}

/** `closedLabel` in the page's language. */
export function useClosedLabel(): (reason: ClosedReason, sale?: Sale) => string {
  const t = useTranslations('sale');
  const f = useFormat();
  return (reason, sale) => closedLabel(reason, sale, t, f);
}
