// The compliance tools in the admin: the incident log (a breach triage saved as an incident,
// with its deadlines and what was done when) and the Statement of Applicability versions kept
// as client templates. An incident's title, notes and the triage typed for it are sealed
// (privacy/crypto.ts, bound to the incident's random ref); its dates stay in the clear so the
// admin can list deadlines without opening anything.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../connection.ts';
import { primaryId } from './columns.ts';

export async function up(db: Kysely<unknown>, kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('ref', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull()) // sealed
    .addColumn('notes', 'text', (c) => c.notNull()) // sealed
    .addColumn('triage', 'text', (c) => c.notNull()) // sealed JSON: { input, result }
    .addColumn('learned_on', 'text', (c) => c.notNull())
    .addColumn('reportable', 'integer', (c) => c.notNull())
    .addColumn('preliminary_due', 'text')
    .addColumn('final_due', 'text')
    .addColumn('notify_required', 'integer', (c) => c.notNull())
    .addColumn('preliminary_done_on', 'text')
    .addColumn('final_done_on', 'text')
    .addColumn('notified_on', 'text')
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_open_final_due').on('incidents').columns(['closed', 'final_due']).execute();

  await db.schema
    .createTable('soa_versions')
    .addColumn('id', 'integer', primaryId(kind))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('controls', 'text', (c) => c.notNull()) // JSON: SoaEntry[]
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
