/**
 * Content Security Policy of every page. Scripts come only from this origin (Next's inline bootstrap
 * scripts need 'unsafe-inline'; development also needs 'unsafe-eval'); the browser may talk to this origin
 * and to the booking server: `BOOKING_URL` when set (read at request time, like the layout does), else port
 * 4000 of the page's host (the app's default). Nothing may frame the app; plugins are off.
 */
export function contentSecurityPolicy(env: {
  bookingUrl?: string;
  dev: boolean;
  host: string | null;
}): string {
  const booking: string[] = [];
  const add = (origin: URL) => {
    booking.push(origin.origin, `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}`);
  };
  if (env.bookingUrl) add(new URL(env.bookingUrl));
  else if (env.host) {
    const hostname = env.host.replace(/:\d+$/, '');
    for (const scheme of ['http', 'https']) add(new URL(`${scheme}://${hostname}:4000`));
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${env.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${booking.join(' ')}`.trim(),
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
