import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** `CORS_ORIGIN` as a list (`*` is handled by the callers; empty = no cross-origin caller). */
export const allowedOrigins = (corsOrigin: string): string[] =>
  corsOrigin
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);

/**
 * CORS for the API: any origin in development (`*`), only the configured ones otherwise. A refused origin
 * simply gets no Access-Control-Allow-Origin header (the browser then hides the answer).
 */
export function cors(corsOrigin: string): RequestHandler {
  const list = new Set(allowedOrigins(corsOrigin));
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (corsOrigin === '*') res.header('Access-Control-Allow-Origin', origin ?? '*');
    else if (origin && list.has(origin)) res.header('Access-Control-Allow-Origin', origin);
    res.header('Vary', 'Origin');
    res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key');
    res.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.header('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') return res.status(204).end();
    next();
  };
}

/**
 * Security headers for an API that answers JSON only: nothing may be framed, scripted or sniffed. Responses
 * may be read by pages of the same site (the app on another port), e.g. ticket images.
 */
export const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
