// Column definitions whose spelling differs between the two engines.
import type { ColumnDefinitionBuilder } from 'kysely';
import type { DatabaseKind } from '../connection.ts';

/** An integer primary key the database numbers itself (AUTOINCREMENT / IDENTITY). */
export function primaryId(kind: DatabaseKind) {
  return (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    kind === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();
}
