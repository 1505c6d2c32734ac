import type { NextConfig } from 'next';

// A static export under /ui: no server routes, no rewrites; the front (npm start, nginx, ingress) routes
// every other path to the gateway or the backend by libs/route-allowlist.
const config: NextConfig = {
  output: 'export',
  basePath: '/ui',
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
};

export default config;
