import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { BookingConfigProvider } from '@/lib/config';
import './globals.css';

// The booking server URL is read per request, never baked in at build time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'FastPass — train seats, live',
  description: 'Book train seats live: search, pick, hold, pay, ticket.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#006a4e',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  const bookingUrl = process.env.BOOKING_URL || null;
  return (
    <html lang="en">
      <body>
        <BookingConfigProvider url={bookingUrl}>
          <header className="site-header">
            <Link href="/" className="site-brand">
              Fast<span>Pass</span>
            </Link>
            <nav className="site-nav" aria-label="Main">
              <Link href="/">Trips</Link>
              <Link href="/tickets">My tickets</Link>
              <Link href="/account">Account</Link>
            </nav>
          </header>
          {children}
        </BookingConfigProvider>
      </body>
    </html>
  );
}
