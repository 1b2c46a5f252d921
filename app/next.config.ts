import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A separate build folder for side-by-side builds (e.g. `NEXT_DIST_DIR=dist/dev`); `.next` by default.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The booking server URL is read at request time (see src/app/layout.tsx), never baked in here.
};

export default nextConfig;
