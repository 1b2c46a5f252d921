'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { DIGITS_COOKIE, type Digits, LOCALE_COOKIE, type Locale } from './locales';
import { useDigits } from './prefs';

const YEAR = 60 * 60 * 24 * 365;

function remember(name: string, value: string): void {
  document.cookie = `${name}=${value}; path=/; max-age=${YEAR}; samesite=lax`;
}

/**
 * English ⇄ বাংলা (and, in Bangla, Bangla or Latin digits). The choice is kept in a cookie, so it
 * outlives the Accept-Language guess, and the page re-renders on the server in the new language.
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useTranslations('language');
  const locale = useLocale() as Locale;
  const digits = useDigits();
  const router = useRouter();
  const [pending, start] = useTransition();
  const set = (name: string, value: string) => {
    remember(name, value);
    start(() => router.refresh());
  };
  const other: Locale = locale === 'bn' ? 'en' : 'bn';
  return (
    <div className={className} data-language={locale} aria-busy={pending}>
      <button
        type="button"
        lang={other}
        onClick={() => set(LOCALE_COOKIE, other)}
        data-testid="language-switch"
        aria-label={t('switchLabel')}
      >
        {other === 'bn' ? 'বাংলা' : 'English'}
      </button>
      {locale === 'bn' ? (
        <button
          type="button"
          onClick={() => set(DIGITS_COOKIE, (digits === 'beng' ? 'latn' : 'beng') satisfies Digits)}
          aria-pressed={digits === 'beng'}
          data-testid="digits-switch"
        >
          {t('banglaDigits')}
        </button>
      ) : null}
    </div>
  );
}
