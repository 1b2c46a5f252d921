import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the system a few hundred ids at a time: one system call per id was ~5 % of a rush. */
const pool = Buffer.alloc(12 * 256);
let used = pool.length;
function random12(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 12;
  return pool.toString('base64url', used - 12, used);
}

/**
 * Hold ids carry their trip (`<tripId>~<random>`) so that a bare holdId (DELETE /api/holds/:id) finds
 * its trip's keys without a global index, which would break one-slot-per-trip on Redis Cluster.
 */
export function newHoldId(tripId: string): string {
  return `${tripId}~${random12()}`;
}

export function tripOfHold(holdId: string): string | null {
  const i = holdId.lastIndexOf('~');
  return i > 0 ? holdId.slice(0, i) : null;
}
