import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import proxyaddr from 'proxy-addr';

export type TrustProxy = boolean | number | string[];

/** The `TRUST_PROXY` setting as express compiles it, for requests that do not pass through express. */
export function compileTrust(trust: TrustProxy): (addr: string, hop: number) => boolean {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_addr, hop) => hop < trust;
  return proxyaddr.compile(trust);
}

/**
 * The client address limits are counted by: the peer, or with TRUST_PROXY the address the trusted proxies
 * report in X-Forwarded-For. Without TRUST_PROXY that header is ignored, so nobody can pick their own key.
 */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export function socketClientAddress(
  req: IncomingMessage,
  trust: (addr: string, hop: number) => boolean,
): string {
  return proxyaddr(req, trust);
}
