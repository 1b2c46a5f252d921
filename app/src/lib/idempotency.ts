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
