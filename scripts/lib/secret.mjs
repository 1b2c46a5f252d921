// The token secret of a local stack: random, made once and kept in .data/ (git-ignored), so a restart keeps
// sessions and nothing about it can be guessed from what `npm start` prints.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './proc.mjs';

/** AUTH_SECRET from the environment, else the one kept in .data/<name>/auth-secret (created on first use). */
export function authSecret(name) {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const dir = path.join(root, '.data', name);
  const file = path.join(dir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A throw-away secret for one test or benchmark run. */
export const ephemeralSecret = () => randomBytes(32).toString('base64url');

/**
 * Per-address limits off: test and benchmark clients create thousands of accounts and sockets from
 * 127.0.0.1. (server/test/abuse-limits.test.ts keeps them on.)
 */
export const noAddressLimits = {
  GUEST_LIMIT_PER_MINUTE: '0',
  REGISTER_LIMIT_PER_MINUTE: '0',
  LOGIN_LIMIT_PER_MINUTE: '0',
  OTP_LIMIT_PER_ADDRESS_PER_HOUR: '0',
  OTP_VERIFY_LIMIT_PER_MINUTE: '0',
  MAX_SOCKETS_PER_ADDRESS: '0',
};
