// The async connection every repository moves to: kysely over the same database the store opened. SQLite goes
// through its one better-sqlite3 connection (kysely's driver serialises calls behind a mutex); PostgreSQL takes
// connections from a `pg.Pool` of `poolSize`, so a statement in flight never holds the event loop.
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresQueryCompiler, sql } from 'kysely';
import type Pg from 'pg';
import { PoolDriver } from './postgres-driver.js';
import { OwnSchemaIntrospector } from './postgres-introspector.js';
import type { Schema } from './schema.js';
import { sqliteDialect } from './sqlite-driver.js';

export type Connection = Kysely<Schema>;

/** The connection and its engine's way of writing: what every repository is given. */
export interface StoreConnection {
  readonly db: Connection;
  /**
   * One transaction that writes, queued behind every other writer on the database (rolled back on throw): SQLite
   * takes its write lock as the transaction begins; PostgreSQL an advisory lock held until commit, so two
   * imports on two replicas queue instead of interleaving.
   */
  writing<T>(work: (trx: Connection) => Promise<T>): Promise<T>;
  /**
   * Whether the lookups a DM makes (who is asking, their grants, their directory entry) go together, those asked
   * while one statement runs in the next (coalesce.ts): on PostgreSQL each statement is a round trip, whose socket
   * write and read, pg's and kysely's work cost the app more than the statement costs the server; SQLite answers
   * a lookup in a few microseconds in the same call, and runs each alone.
   */
  readonly coalesceReads: boolean;
}

// The advisory lock every PostgreSQL writing() transaction holds until it ends.
const WRITER_LOCK = 714_172_021;

/** Pool size when the configuration gives none (DATABASE_POOL_SIZE). */
export const DEFAULT_POOL_SIZE = 10;

export interface PoolOptions {
  /** Connections at most (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Per statement, on the server (statement_timeout). */
  statementTimeoutMs?: number;
  /** How long a statement waits for another transaction's lock (lock_timeout). */
  lockTimeoutMs?: number;
  /** How long a new connection may take before the statement fails (the server down or unreachable). */
  connectTimeoutMs?: number;
}

/**
 * The PostgreSQL driver, loaded when a postgres:// database is opened: a process on SQLite never pays for its
 * modules (some 30, a few MB resident).
 */
const loadPg = (): typeof Pg => createRequire(import.meta.url)('pg') as typeof Pg;

// bigint (count(*), millisecond times) and numeric as numbers: the values the app stores fit in a double.
const asNumber = (value: string | null) => (value === null ? null : Number(value));
const typesOf = (pg: typeof Pg) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700
      ? asNumber
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
});

/** SQLite's connection, with the write-lock probe and the close that only its driver can do safely. */
export interface SqliteConnection extends StoreConnection {
  canWrite(): Promise<boolean>;
  close(): Promise<void>;
}

export function connectSqlite(sqlite: Database.Database): SqliteConnection {
  const { dialect, canWrite, close } = sqliteDialect(sqlite);
  const db = new Kysely<Schema>({ dialect });
  return { db, writing: (work) => db.transaction().execute(work), coalesceReads: false, canWrite, close };
}

/** A pool and whether it was closed: a statement after close fails at once instead of waiting for a connection. */
export interface PooledConnection extends StoreConnection {
  close(): Promise<void>;
}

export function connectPostgres(url: string, options: PoolOptions = {}): PooledConnection {
  const pg = loadPg();
  const { connectionString, urlOptions } = withoutStartupOptions(url);
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    types: typesOf(pg),
    // The timeouts as startup options: no extra round trip per new connection. After the URL's own (a
    // search_path, say), which pg would otherwise put in their place.
    options: [
      urlOptions,
      `-c statement_timeout=${options.statementTimeoutMs ?? 30_000}`,
      `-c lock_timeout=${options.lockTimeoutMs ?? 15_000}`,
    ]
      .filter(Boolean)
      .join(' '),
  });
  // A pooled connection the server drops while idle is removed from the pool; without a listener the pool's
  // 'error' event would stop the process.
  pool.on('error', () => {});
  // A connection in use when the server goes away (a restart, an admin's shutdown) reports it on the client too:
  // the statement on it fails on its own, and the event must not stop the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  let open = true;
  const connection = new Kysely<Schema>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PoolDriver(pool, () => open),
      createIntrospector: (db) => new OwnSchemaIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  return {
    db: connection,
    coalesceReads: true,
    writing: (work) =>
      connection.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${WRITER_LOCK})`.execute(trx);
        return work(trx);
      }),
    async close() {
      open = false;
      // The pool itself, not kysely's destroy(): a statement after close then says the connection is not open.
      await pool.end();
    },
  };
}

/**
 * The URL without its `options` parameter, and that parameter: pg reads a connection string's parameters over its
 * config, so a URL's `options` (`?options=-c%20search_path%3Dapp`) would replace the timeouts set beside it. A
 * connection string that is not a URL is left as it is.
 */
export function withoutStartupOptions(url: string): { connectionString: string; urlOptions: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, urlOptions: null };
  }
  const urlOptions = parsed.searchParams.get('options');
  if (urlOptions === null) return { connectionString: url, urlOptions: null };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), urlOptions };
}
