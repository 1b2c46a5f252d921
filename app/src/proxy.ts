import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy } from './lib/csp';

/** Runs before every page: adds the Content Security Policy, which depends on `BOOKING_URL` at run time. */
export function proxy(request: NextRequest): NextResponse {
  const response = NextResponse.next();
  response.headers.set(
    'Content-Security-Policy',
    contentSecurityPolicy({
      bookingUrl: process.env.BOOKING_URL || undefined,
      dev: process.env.NODE_ENV !== 'production',
      host: request.headers.get('host'),
    }),
  );
  return response;
}

export const config = {
  // Pages only: static assets and images need no policy of their own.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
