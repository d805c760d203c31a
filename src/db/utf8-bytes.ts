// A text column read as its stored UTF-8 bytes instead of a string: large Japanese HTML that
// a page only splices into its own bytes (render/slots.ts) is then never decoded. SQLite
// stores text as UTF-8, so a cast hands the bytes over; PostgreSQL converts to bytea.
import { sql, type AliasedRawBuilder } from 'kysely';
import type { DatabaseKind } from './connection.ts';

export function utf8Bytes<A extends string, T extends Buffer | null = Buffer>(kind: DatabaseKind, column: A): AliasedRawBuilder<T, A> {
  return (kind === 'sqlite' ? sql<T>`cast(${sql.ref(column)} as blob)` : sql<T>`convert_to(${sql.ref(column)}, 'UTF8')`).as(column);
}
