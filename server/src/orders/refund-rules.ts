import { ErrorCode } from '@fastpass/shared';
import { AppError } from '../errors';

/** One tier: cancelling at least `hours` before departure costs `feePercent` of the fare. */
export interface FeeTier {
  hours: number;
  feePercent: number;
}

/** Free until 48 h before departure, 25 % until 4 h, 50 % until the train leaves; then no cancelling. */
export const DEFAULT_FEE_SCHEDULE = '48:0,4:25,0:50';

/** `REFUND_FEE_SCHEDULE`: comma-separated `hours:feePercent`, e.g. `48:0,4:25,0:50`. */
export function parseFeeSchedule(text: string): FeeTier[] {
  const tiers = text.split(',').map((part) => {
    const [h, f] = part.split(':').map((x) => Number(x.trim()));
    if (!Number.isFinite(h) || !Number.isFinite(f) || h! < 0 || f! < 0 || f! > 100)
      throw new Error(`REFUND_FEE_SCHEDULE: "${part}" is not hours:feePercent (fee 0..100)`);
    return { hours: h!, feePercent: f! };
  });
  return tiers.sort((a, b) => b.hours - a.hours);
}

/**
 * The refund of one fare (minor units) when cancelling at `now` for a train leaving at `departsAt`.
 * The fee is rounded up to a whole minor unit, so the refund never exceeds the schedule. Cancelling
 * after departure, or before the last tier, is refused.
 */
export function refundOf(fareMinor: number, departsAt: Date, now: Date, tiers: FeeTier[]): number {
  const hoursLeft = (departsAt.getTime() - now.getTime()) / 3_600_000;
  if (hoursLeft <= 0)
    throw new AppError(ErrorCode.SALE_CLOSED, 'the train has left: the ticket can no longer be cancelled');
  const tier = tiers.find((t) => hoursLeft >= t.hours);
  if (!tier) throw new AppError(ErrorCode.SALE_CLOSED, 'too close to departure to cancel');
  return fareMinor - Math.ceil((fareMinor * tier.feePercent) / 100);
}
