import type { NextConfig } from 'next';

// The Content Security Policy depends on BOOKING_URL at run time: src/proxy.ts sets it.
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  // The gate page scans tickets with the camera; nothing else may use it.
  { key: 'Permissions-Policy', value: 'camera=(self), microphone=(), geolocation=()' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A separate build folder for side-by-side builds (e.g. `NEXT_DIST_DIR=dist/dev`); `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The booking server URL is read at request time (see src/app/layout.tsx), never baked in here.
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
