// The audit log's SQL. There is an insert and a read, and deliberately no update or delete:
// the application cannot change what the log says.
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;
export type AuditRow = Selectable<AuditLogTable>;

export async function insertAudit(db: Q, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export async function listAudit(db: Q, filter: AuditFilter, limit: number, offset: number): Promise<{ rows: AuditRow[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (filter.action) q = q.where('action', 'like', `${filter.action.replace(/[\\%_]/g, '')}%`);
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return { rows, total };
}
