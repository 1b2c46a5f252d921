import { createHash } from 'node:crypto';

/**
 * A Bangladeshi mobile number in E.164 (`+8801XXXXXXXXX`), or null. Accepts what people type: local
 * `01712-345678`, `8801712345678`, `+880 1712 345678`, `00880…`. Operator prefixes are 013–019.
 */
export function normaliseBdPhone(raw: string): string | null {
  const digits = raw.replace(/[\s().-]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  const bare = digits.replace(/^\+/, '').replace(/^00/, '');
  const national = bare.startsWith('880') ? bare.slice(3) : bare.startsWith('0') ? bare.slice(1) : bare;
  return /^1[3-9]\d{8}$/.test(national) ? `+880${national}` : null;
}

/** `+8801712345678` → `+8801•••••5678`: enough for its owner to recognise, not enough to call. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 5)}${'•'.repeat(Math.max(0, e164.length - 9))}${e164.slice(-4)}`;
}

/** The identity seat allowances are counted by: one per phone, not reversible to the number. */
export function phoneIdentity(e164: string): string {
  return `ph:${createHash('sha256').update(e164).digest('hex')}`;
}
