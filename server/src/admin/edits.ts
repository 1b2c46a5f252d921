import { ErrorCode } from '@fastpass/shared';
import type { Knex } from 'knex';
import { AppError } from '../errors';
import { type Db, pgCode } from '../infra/db';
import type { Actor, AuditLog } from './audit';

export interface Change<T> {
  action: string;
  resource: string;
  resourceId: string;
  before: unknown;
  after: unknown;
  result: T;
}

/** SQLSTATEs an edit can run into when something else depends on the row. */
const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';

/**
 * One operator change = one transaction holding the change, its audit entry and a bump of
 * `catalog_version` (which tells every instance to drop its cached catalog). A change that breaks a
 * reference or a uniqueness rule is CONFLICT with nothing written.
 */
export class CatalogEdits {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly onCommit: () => void = () => {},
  ) {}

  async run<T>(actor: Actor, change: (trx: Knex.Transaction) => Promise<Change<T>>): Promise<T> {
    try {
      const result = await this.db.transaction(async (trx) => {
        const c = await change(trx);
        await this.audit.record(trx, actor, c);
        await bumpCatalogVersion(trx);
        return c.result;
      });
      this.onCommit();
      return result;
    } catch (err) {
      const code = pgCode(err);
      if (code === FOREIGN_KEY_VIOLATION)
        throw new AppError(
          ErrorCode.CONFLICT,
          `in use: ${(err as { detail?: string }).detail ?? 'referenced'}`,
        );
      if (code === UNIQUE_VIOLATION)
        throw new AppError(
          ErrorCode.CONFLICT,
          `exists: ${(err as { detail?: string }).detail ?? 'duplicate'}`,
        );
      throw err;
    }
  }
}

export async function bumpCatalogVersion(trx: Knex | Knex.Transaction): Promise<void> {
  await trx('catalog_version').where({ id: 1 }).increment('version', 1);
}
