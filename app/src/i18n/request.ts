import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { TIME_ZONE } from '@/lib/format';
import { DEFAULT_LOCALE, LOCALE_COOKIE, type Locale, isLocale, localeFromAcceptLanguage } from './locales';

/** The request's language: the remembered choice, else the browser's `Accept-Language` (no locale in URLs). */
export async function requestLocale(): Promise<Locale> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  const messages = (await import(`../../messages/${locale}.json`)).default;
  return { locale: locale ?? DEFAULT_LOCALE, messages, timeZone: TIME_ZONE };
});
