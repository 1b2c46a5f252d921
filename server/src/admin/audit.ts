import type { AuditEntry } from '@fastpass/shared';
import type { Knex } from 'knex';
import type { Db } from '../infra/db';

/** Who did an operator action: the account as the database knows it when the action was allowed. */
export interface Actor {
  id: string;
  name: string;
}

export interface AuditRecord {
  action: string;
  resource: string;
  resourceId: string;
  before: unknown;
  after: unknown;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_name: string;
  action: string;
  resource: string;
  resource_id: string;
  before: unknown;
  after: unknown;
}

/** Every operator action, with the state before and after it; written in the action's own transaction. */
export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(trx: Knex.Transaction, actor: Actor, r: AuditRecord): Promise<void> {
    await trx('audit_log').insert({
      actor_id: actor.id,
      actor_name: actor.name,
      action: r.action,
      resource: r.resource,
      resource_id: r.resourceId,
      before: r.before === undefined ? null : JSON.stringify(r.before),
      after: r.after === undefined ? null : JSON.stringify(r.after),
    });
  }

  async list(q: { resource?: string; limit: number }): Promise<AuditEntry[]> {
    const rows = await this.db<AuditRow>('audit_log')
      .modify((b) => {
        if (q.resource) b.where({ resource: q.resource });
      })
      .orderBy('id', 'desc')
      .limit(q.limit);
    return rows.map((r: AuditRow) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actor: r.actor_name,
      action: r.action,
      resource: r.resource,
      resourceId: r.resource_id,
      before: r.before,
      after: r.after,
    }));
  }
}
