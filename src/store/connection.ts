// The async connection every repository moves to: kysely over the same database the store opened. SQLite goes
// through its one better-sqlite3 connection (kysely's driver serialises calls behind a mutex); PostgreSQL takes
// connections from a `pg.Pool` of `poolSize`, so a statement in flight never holds the event loop.
import type Database from 'better-sqlite3';
import { CompiledQuery, type Dialect, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { StoreError } from './errors.js';
import type { Schema } from './schema.js';

export type Connection = Kysely<Schema>;

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

// bigint (count(*), millisecond times) and numeric as numbers: the values the app stores fit in a double.
const asNumber = (value: string | null) => (value === null ? null : Number(value));
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700
      ? asNumber
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function connectSqlite(sqlite: Database.Database): Connection {
  return new Kysely<Schema>({ dialect: writerFirst(new SqliteDialect({ database: sqlite })) });
}

/**
 * SQLite's transactions take the write lock when they begin (BEGIN IMMEDIATE): one that reads and then writes
 * would otherwise fail at once (SQLITE_BUSY, no wait) when another process wrote in between.
 */
function writerFirst(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver() {
      const driver = dialect.createDriver();
      driver.beginTransaction = async (connection) => {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      };
      return driver;
    },
  };
}

/** A pool and whether it was closed: a statement after close fails at once instead of waiting for a connection. */
export interface PooledConnection {
  connection: Connection;
  close(): Promise<void>;
}

export function connectPostgres(url: string, options: PoolOptions = {}): PooledConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    types: TYPES,
    // The timeouts as startup options: no extra round trip per new connection.
    options: `-c statement_timeout=${options.statementTimeoutMs ?? 30_000} -c lock_timeout=${options.lockTimeoutMs ?? 15_000}`,
  });
  // A pooled connection the server drops while idle is removed from the pool; without a listener the pool's
  // 'error' event would stop the process.
  pool.on('error', () => {});
  let open = true;
  const connection = new Kysely<Schema>({
    dialect: refusingOnceClosed(new PostgresDialect({ pool }), () => open),
  });
  return {
    connection,
    async close() {
      open = false;
      await connection.destroy();
    },
  };
}

function refusingOnceClosed(dialect: Dialect, isOpen: () => boolean): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver() {
      const driver = dialect.createDriver();
      const acquire = driver.acquireConnection.bind(driver);
      driver.acquireConnection = () => {
        if (!isOpen()) return Promise.reject(new StoreError('The database connection is not open.'));
        return acquire();
      };
      return driver;
    },
  };
}
