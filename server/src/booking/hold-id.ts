import { randomBytes } from 'node:crypto';

/**
 * Hold ids carry their trip (`<tripId>~<random>`) so that a bare holdId (DELETE /api/holds/:id) finds
 * its trip's keys without a global index, which would break one-slot-per-trip on Redis Cluster.
 */
export function newHoldId(tripId: string): string {
  return `${tripId}~${randomBytes(12).toString('base64url')}`;
}

export function tripOfHold(holdId: string): string | null {
  const i = holdId.lastIndexOf('~');
  return i > 0 ? holdId.slice(0, i) : null;
}
