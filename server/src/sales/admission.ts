import type { SaleRecord } from './sale';

/**
 * Whether a user may hold seats on a queued sale's trips right now (the waiting room admitted them and
 * the admission has not lapsed). Implemented by the waiting room; the booking rules only ask.
 */
export interface AdmissionGate {
  isAdmitted(userId: string, sale: SaleRecord): Promise<boolean>;
}
