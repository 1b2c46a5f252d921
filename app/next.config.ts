import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The booking server URL is read at request time (see src/app/layout.tsx), never baked in here.
};

export default nextConfig;
