// What the repositories see of a database: prepared statements with get/all/run and transactions, the same
// for SQLite and PostgreSQL. Statements are written once in SQL both engines accept (`?` or `@name`
// placeholders, ON CONFLICT, RETURNING); the few places that must differ ask `engine`.

export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/** Positional parameters as an array type (`[string, number]`), or one object of named ones. */
type Args<P> = P extends readonly unknown[] ? P : [P];

export interface Statement<P extends readonly unknown[] | object = unknown[], R = unknown> {
  get(...params: Args<P>): R | undefined;
  all(...params: Args<P>): R[];
  run(...params: Args<P>): RunResult;
}

export interface Transaction<A extends unknown[], T> {
  /** Runs in a transaction (a savepoint when already in one). */
  (...args: A): T;
  /** The same as a write transaction taken at once: writers queue instead of failing halfway. */
  immediate(...args: A): T;
}

export interface Db {
  readonly engine: Engine;
  readonly open: boolean;
  prepare<P extends readonly unknown[] | object = unknown[], R = unknown>(source: string): Statement<P, R>;
  transaction<A extends unknown[], T>(work: (...args: A) => T): Transaction<A, T>;
  /** Several statements without parameters (migrations). */
  exec(source: string): void;
  close(): void;
}

export interface Placeholders {
  /** The statement with `$1, $2…` in place of `?` and `@name`. */
  text: string;
  /** For each `$n`: the index of a positional argument, or the name of a named one. */
  order: (number | string)[];
}

/**
 * Rewrites `?` and `@name` placeholders as PostgreSQL's `$n`, outside quoted strings and identifiers; a
 * name used twice is one parameter.
 */
export function toNumberedPlaceholders(source: string): Placeholders {
  const order: (number | string)[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      const stop = end < 0 ? source.length : end + 1;
      text += source.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && source[i + 1] === '-') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      text += source.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      order.push(positional++);
      text += `$${order.length}`;
    } else if (c === '@' && /[A-Za-z_]/.test(source[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i + 1))?.[0] as string;
      let n = named.get(name);
      if (n === undefined) {
        order.push(name);
        n = order.length;
        named.set(name, n);
      }
      text += `$${n}`;
      i += name.length;
    } else {
      text += c;
    }
  }
  return { text, order };
}
