/** One Idempotency-Key per hold, kept in sessionStorage so retries, double clicks and reloads reuse it. */
function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function idempotencyKeyFor(holdId: string): string {
  const storageKey = `fastpass.idem.${holdId}`;
  try {
    const existing = window.sessionStorage.getItem(storageKey);
    if (existing) return existing;
    const key = randomKey();
    window.sessionStorage.setItem(storageKey, key);
    return key;
  } catch {
    return `${holdId}:${randomKey()}`;
  }
}

/** After a failed payment the next checkout of the hold is a new purchase: it needs a new key. */
export function forgetIdempotencyKey(holdId: string): void {
  try {
    window.sessionStorage.removeItem(`fastpass.idem.${holdId}`);
  } catch {
    // no storage: keys were never kept
  }
}
