import type { Knex } from 'knex';
import { hashPassword } from '../../server/src/auth/passwords';

/** The operator account (documented in the README); its password can be set with OPERATOR_PASSWORD. */
export async function seed(knex: Knex): Promise<void> {
  const email = process.env.OPERATOR_EMAIL ?? 'ops@fastpass.local';
  const existing = await knex('users').where({ email }).first();
  if (existing) return;
  await knex('users').insert({
    email,
    name: 'Station Operator',
    role: 'operator',
    password_hash: await hashPassword(process.env.OPERATOR_PASSWORD ?? 'fastpass-ops'),
  });
}
