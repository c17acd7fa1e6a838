// A statement of fixed shape, built and compiled by kysely once and then run with each call's values. Building and
// compiling one per call (its operation nodes frozen, visited, the SQL text joined) cost more CPU than SQLite took
// to run it, for the statements a DM runs (issue #25).
import { type Compilable, CompiledQuery, type QueryResult } from 'kysely';

/** What a compiled statement runs on: the connection, or a transaction of it. */
export interface Executor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

// The text of every statement compiled here, and the name PostgreSQL's driver prepares it under on each connection.
const PREPARED = new Map<string, string>();

/**
 * Marks a statement's text as one to keep prepared (PostgreSQL: a named statement per connection, parsed and
 * planned once there): only statements of fixed shape, run often, so that the names stay few.
 */
export function keepPrepared(sql: string): void {
  if (!PREPARED.has(sql)) PREPARED.set(sql, `store_${PREPARED.size + 1}`);
}

/** The name a statement's text is prepared under, if it is one to keep prepared. */
export function preparedName(sql: string): string | undefined {
  return PREPARED.get(sql);
}

/** A placeholder for a call's value, in the builder: `value('email')`. */
export type Slot<V> = <K extends keyof V & string>(name: K) => V[K];

/**
 * `build` is called once, the first time the statement runs, with `value(name)` where each call's value goes; each
 * run then binds `values[name]` there. Anything else the builder gives (a constant, a null) is bound as compiled.
 * Only for statements whose shape does not depend on the values (no `in` lists, no optional clauses).
 */
export function compiledOnce<V extends Record<string, unknown>, R>(
  build: (value: Slot<V>) => Compilable<R>,
): (on: Executor, values: V) => Promise<QueryResult<R>> {
  let compiled: { sql: string; bind: (values: V) => unknown[] } | undefined;
  const compile = () => {
    const names = new Map<unknown, keyof V & string>();
    const slot: Slot<V> = (name) => {
      const marker = `\u0000slot:${name}`;
      names.set(marker, name);
      return marker as never;
    };
    const query = build(slot).compile();
    const slots = query.parameters.map((p) => names.get(p));
    const constants = [...query.parameters];
    keepPrepared(query.sql);
    return {
      sql: query.sql,
      bind: (values: V) => slots.map((name, i) => (name === undefined ? constants[i] : values[name])),
    };
  };
  return (on, values) => {
    compiled ??= compile();
    return on.executeQuery(CompiledQuery.raw(compiled.sql, compiled.bind(values)) as CompiledQuery<R>);
  };
}
