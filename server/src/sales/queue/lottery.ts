import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The provably fair lottery that orders a sale's pre-queue (docs/waiting-room.md, "The lottery").
 * Everything here is public arithmetic so that anyone can redo it from the published data:
 *
 *   commitment  = hex(SHA-256(seed))                      seed = 64 hex characters, hashed as text
 *   entrant     = hex(HMAC-SHA256(key = salt, userId))    salt = 32 hex characters, kept secret
 *   order       = entrants sorted by hex(HMAC-SHA256(key = seed, entrant)), ties by entrant
 *
 * Keys and messages are the UTF-8 bytes of the strings shown (hex text, not decoded bytes), so
 * `printf %s "$seed" | sha256sum` reproduces the commitment.
 */
export const LOTTERY_ALGORITHM =
  'commitment = hex(SHA-256(utf8(seed))); order = entrants sorted ascending by hex(HMAC-SHA256(key = utf8(seed), message = utf8(entrant))), ties by entrant';

export interface LotterySecret {
  seed: string;
  salt: string;
  commitment: string;
}

export function newLotterySecret(): LotterySecret {
  const seed = randomBytes(32).toString('hex');
  return { seed, salt: randomBytes(16).toString('hex'), commitment: commitmentOf(seed) };
}

export function commitmentOf(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/** The published stand-in for a user id: stable per sale, unguessable without the sale's salt. */
export function entrantHash(salt: string, userId: string): string {
  return createHmac('sha256', salt).update(userId, 'utf8').digest('hex');
}

export function drawKey(seed: string, entrant: string): string {
  return createHmac('sha256', seed).update(entrant, 'utf8').digest('hex');
}

/** The entrants in lottery order. Each entrant's key depends only on the seed and itself. */
export function drawOrder(seed: string, entrants: readonly string[]): string[] {
  return entrants
    .map((e) => ({ e, k: drawKey(seed, e) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.e < b.e ? -1 : a.e > b.e ? 1 : 0))
    .map((x) => x.e);
}

/** A fingerprint of a drawn order (recorded beside the opening, published with it). */
export function orderDigest(order: readonly string[]): string {
  return createHash('sha256').update(order.join('\n'), 'utf8').digest('hex');
}
