/** The app's languages and how a visitor's choice is remembered (cookies, read on every request). */
export const LOCALES = ['en', 'bn'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The chosen language (set by the language switch; next-intl's conventional cookie name). */
export const LOCALE_COOKIE = 'NEXT_LOCALE';
/** Digits in Bangla: `beng` (১২৩, the default) or `latn` (123). */
export const DIGITS_COOKIE = 'FP_DIGITS';
export type Digits = 'beng' | 'latn';

export function isLocale(value: string | undefined | null): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
}

/**
 * The first visit's language from `Accept-Language`: the best-weighted tag whose primary language we
 * speak (`bn`, `bn-BD`, `bn-IN` → Bangla), else English.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((x) => x.lang && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) if (isLocale(r.lang)) return r.lang;
  return DEFAULT_LOCALE;
}
