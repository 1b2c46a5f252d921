/** The message files stay in step, the first visit's language follows Accept-Language, numbers read as in Bangladesh. */
import { createTranslator } from 'next-intl';
import { describe, expect, test } from 'vitest';
import bn from '../../messages/bn.json';
import en from '../../messages/en.json';
import { formatterFor } from '../lib/format';
import { localeFromAcceptLanguage } from './locales';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The ICU arguments a message uses ({name}, {count, plural, …}). */
function argsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([a-zA-Z]\w*)\s*[,}]/g)].map((m) => m[1] as string))].sort();
}

describe('messages', () => {
  const e = leaves(en as Tree);
  const b = leaves(bn as Tree);
  test('bn.json has exactly the keys of en.json', () => {
    expect([...b.keys()].sort()).toEqual([...e.keys()].sort());
  });
  test('each Bangla message uses only arguments the code passes (those of the English one)', () => {
    // Bangla needs no plural forms, so a Bangla message may leave out an English one's `count`.
    const differ = [...e].filter(([k, v]) => argsOf(b.get(k) ?? '').some((a) => !argsOf(v).includes(a)));
    expect(differ.map(([k]) => k)).toEqual([]);
  });
  test('no Bangla message is left in English (except names and symbols)', () => {
    const same = [...e].filter(([k, v]) => b.get(k) === v && /[a-z]{3}/.test(v));
    expect(same.map(([k]) => k)).toEqual([]);
  });
});

describe('Accept-Language', () => {
  test.each([
    ['bn', 'bn'],
    ['bn-BD,bn;q=0.9,en;q=0.8', 'bn'],
    ['en-US,en;q=0.9,bn;q=0.8', 'en'],
    ['fr-FR,bn;q=0.5', 'bn'],
    ['bn;q=0, en', 'en'],
    ['de', 'en'],
    ['', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});

describe('numbers, money and time', () => {
  test('Taka with South Asian grouping, in Latin or Bangla digits', () => {
    expect(formatterFor('en').money(10_000_000)).toBe('৳1,00,000');
    expect(formatterFor('en').money(123_456_750)).toBe('৳12,34,567.50');
    expect(formatterFor('bn').money(10_000_000)).toBe('৳১,০০,০০০');
    expect(formatterFor('bn', 'latn').money(10_000_000)).toBe('৳1,00,000');
  });
  test('times are Dhaka time, 24-hour', () => {
    expect(formatterFor('en').time('2026-12-01T02:05:00Z')).toBe('08:05');
    expect(formatterFor('bn').time('2026-12-01T02:05:00Z')).toBe('০৮:০৫');
  });
  test('countdown and durations in Bangla digits', () => {
    expect(formatterFor('bn').countdown(65_000)).toBe('১:০৫');
    expect(formatterFor('en').duration('2026-12-01T02:00:00Z', '2026-12-01T07:05:00Z')).toBe('5h 05m');
    expect(formatterFor('bn').duration('2026-12-01T02:00:00Z', '2026-12-01T07:05:00Z')).toBe('৫ঘ ০৫মি');
  });
});

test('counts inside Bangla sentences are in Bangla digits', () => {
  const t = createTranslator({ locale: 'bn', messages: bn, namespace: 'trip' });
  expect(t('stops', { count: 8 })).toBe('৮টি স্টপ');
  expect(t('checkout', { count: 2 })).toBe('পরিশোধে যান (২টি আসন)');
});
