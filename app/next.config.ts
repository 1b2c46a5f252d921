import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A separate build folder for side-by-side builds (e.g. `NEXT_DIST_DIR=dist/dev`); `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The booking server URL is read at request time (see src/app/layout.tsx), never baked in here.
};

// Messages (app/messages/<locale>.json) are chosen per request in src/i18n/request.ts.
export default createNextIntlPlugin('./src/i18n/request.ts')(nextConfig);
