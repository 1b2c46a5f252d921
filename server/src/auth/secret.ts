import { randomBytes } from 'node:crypto';
import type { Db } from '../infra/db';
import type { Logger } from '../infra/logger';

/**
 * The token secret of a development server started without AUTH_SECRET: generated once and kept in
 * Postgres, so every instance on that database agrees and a restart keeps sessions. Never derived from
 * anything another person can read (the database URL is printed by `npm start`). Production refuses to
 * start without AUTH_SECRET (config.ts), so this only runs outside it.
 */
export async function storedDevSecret(db: Db, log: Logger): Promise<string> {
  await db('auth_secrets')
    .insert({ name: 'tokens', secret: randomBytes(48).toString('base64url') })
    .onConflict('name')
    .ignore();
  const row = await db('auth_secrets').where({ name: 'tokens' }).first<{ secret: string } | undefined>();
  if (!row) throw new Error('could not store a token secret in auth_secrets');
  log.warn(
    'AUTH_SECRET is not set: signing tokens with a random secret stored in the database (development only)',
  );
  return row.secret;
}
