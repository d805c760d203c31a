// A hot read built and compiled to SQL once per database, then run with each call's values.
// Kysely builds a tree of nodes and compiles it to SQL on every call, which for a page's
// one small query cost about as much as SQLite took to answer it.
//
// The builder is called once with stand-ins for the values; where each stand-in landed among
// the compiled parameters is remembered, and later calls put their own values there. So the
// builder must pass each value straight into the query as one parameter (a comparison, a
// limit): no branching on it, no lists for `in`, no literal SQL made of it.
import { CompiledQuery, type Compilable } from 'kysely';
import type { DatabaseKind } from './connection.ts';

/** A Kysely instance or a transaction: anything that can run a compiled query. */
interface Executor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<{ rows: R[] }>;
}

type Slot = { value: number } | { constant: unknown };

interface Plan {
  sql: string;
  slots: Slot[];
}

const STAND_IN = '\u0000kawaraban-value-';

function planOf(query: CompiledQuery, count: number): Plan {
  const seen = new Set<number>();
  const slots = query.parameters.map((p): Slot => {
    if (typeof p !== 'string' || !p.startsWith(STAND_IN)) return { constant: p };
    const value = Number(p.slice(STAND_IN.length));
    if (seen.has(value)) throw new Error(`prepared query: value ${value} is used twice`);
    seen.add(value);
    return { value };
  });
  if (seen.size !== count || query.sql.includes(STAND_IN))
    throw new Error('prepared query: every value must be passed to the query once, as a parameter');
  return { sql: query.sql, slots };
}

/** Wraps a builder `(db, kind, ...values) => query` into a function with the same arguments
 * that returns the rows, compiling once per database object. */
export function preparedQuery<D extends Executor, V extends unknown[], R>(
  build: (db: D, kind: DatabaseKind, ...values: V) => Compilable<R>,
): (db: D, kind: DatabaseKind, ...values: V) => Promise<R[]> {
  const plans = new WeakMap<D, Plan>();
  return async (db, kind, ...values) => {
    let plan = plans.get(db);
    if (!plan) {
      const standIns = values.map((_, i) => `${STAND_IN}${i}`) as V;
      plan = planOf(build(db, kind, ...standIns).compile(), values.length);
      plans.set(db, plan);
    }
    const parameters = plan.slots.map((s) => ('value' in s ? values[s.value] : s.constant));
    return (await db.executeQuery<R>(CompiledQuery.raw(plan.sql, parameters) as CompiledQuery<R>)).rows;
  };
}
