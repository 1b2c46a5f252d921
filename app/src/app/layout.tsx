import type { Metadata, Viewport } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { cookies } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '@/i18n/LanguageSwitch';
import { DIGITS_COOKIE } from '@/i18n/locales';
import { DigitsProvider } from '@/i18n/prefs';
import { BookingConfigProvider } from '@/lib/config';
import './globals.css';

// The booking server URL is read per request, never baked in at build time.
export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('site');
  return { title: t('title'), description: t('description') };
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#006a4e',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const bookingUrl = process.env.BOOKING_URL || null;
  const locale = await getLocale();
  const t = await getTranslations('site');
  const digits = (await cookies()).get(DIGITS_COOKIE)?.value === 'latn' ? 'latn' : 'beng';
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <DigitsProvider digits={digits}>
            <BookingConfigProvider url={bookingUrl}>
              <header className="site-header">
                <Link href="/" className="site-brand">
                  Fast<span>Pass</span>
                </Link>
                <nav className="site-nav" aria-label={t('navLabel')}>
                  <Link href="/">{t('navTrips')}</Link>
                  <Link href="/tickets">{t('navTickets')}</Link>
                  <Link href="/account">{t('navAccount')}</Link>
                </nav>
                <LanguageSwitch className="site-lang" />
              </header>
              {children}
            </BookingConfigProvider>
          </DigitsProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
