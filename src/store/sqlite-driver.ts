// kysely's driver for the store's one better-sqlite3 connection. Like kysely's own, it runs the synchronous calls
// behind async methods, one at a time; unlike it, it holds the connection for one statement (or one whole
// transaction), not for as long as a statement waits on another process's write lock. That wait is a timer, with
// the connection free meanwhile: reads (and acks, and answers) go on while an import elsewhere holds the lock.
// Transactions begin immediate, taking the write lock first, so one that reads and then writes never fails
// halfway when another process wrote in between. Prepared statements are kept, by their text.
import type Database from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type TransactionSettings,
} from 'kysely';
import { StoreError } from './errors.js';

/** How long a statement waits for another process's write lock before it fails (SQLITE_BUSY). */
export const SQLITE_BUSY_WAIT_MS = 5000;

/** Prepared statements kept at most (the store has a few dozen shapes; chunked inserts add a few more). */
const STATEMENT_CACHE = 200;

export interface StoreSqlite {
  dialect: Dialect;
  /**
   * Whether a write could start now: false while another process holds the write lock. Tried once, between two
   * of this process's statements (never beside a transaction of its own), without waiting.
   */
  canWrite(): Promise<boolean>;
  /** Closes the connection once no statement or transaction holds it. */
  close(): Promise<void>;
}

export function sqliteDialect(sqlite: Database.Database): StoreSqlite {
  const driver = new StoreSqliteDriver(sqlite);
  return {
    dialect: {
      createAdapter: () => new TransactionalDdlAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    canWrite: () => driver.probe(),
    close: () => driver.close(),
  };
}

/**
 * SQLite changes its schema in transactions like any other write, and kysely's Migrator runs in one when the
 * adapter says so: begun immediate, it holds the write lock while it reads which migrations are applied and
 * applies the rest, so two processes opening one file at once do not both apply a migration.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** One at a time, in arrival order. */
class Mutex {
  #held = false;
  #waiting: (() => void)[] = [];
  async lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }
  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

const isBusy = (error: unknown) => (error as { code?: unknown }).code === 'SQLITE_BUSY';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class StoreSqliteDriver implements Driver {
  readonly #sqlite: Database.Database;
  readonly #mutex = new Mutex();
  readonly #statements = new Map<string, Database.Statement>();

  constructor(sqlite: Database.Database) {
    this.#sqlite = sqlite;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#sqlite.open) throw new StoreError('The database connection is not open.');
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await (connection as Lease).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Lease).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Lease).end('rollback');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as Lease).release();
  }

  async destroy(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await this.#mutex.lock();
    try {
      this.#statements.clear();
      if (this.#sqlite.open) this.#sqlite.close();
    } finally {
      this.#mutex.unlock();
    }
  }

  async probe(): Promise<boolean> {
    await this.#mutex.lock();
    try {
      if (!this.#sqlite.open) throw new StoreError('The database connection is not open.');
      try {
        this.#sqlite.exec('BEGIN IMMEDIATE');
      } catch (error) {
        if (isBusy(error)) return false;
        throw error;
      }
      this.#sqlite.exec('ROLLBACK');
      return true;
    } finally {
      this.#mutex.unlock();
    }
  }

  /** Takes the connection for `work`, or for a transaction (`hold`: given back by `unlock`). */
  async locked<T>(work: () => T, hold = false): Promise<T> {
    const deadline = Date.now() + SQLITE_BUSY_WAIT_MS;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      await this.#mutex.lock();
      let keep = false;
      try {
        if (!this.#sqlite.open) throw new StoreError('The database connection is not open.');
        const result = work();
        keep = hold;
        return result;
      } catch (error) {
        if (!isBusy(error) || Date.now() + wait > deadline) throw error;
      } finally {
        if (!keep) this.#mutex.unlock();
      }
      // Another process holds the write lock: the connection is free for others while this one waits.
      await pause(wait);
    }
  }

  unlock(): void {
    this.#mutex.unlock();
  }

  /** Runs a statement on the connection the caller holds. */
  run(query: CompiledQuery): QueryResult<unknown> {
    const statement = this.#prepared(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return {
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    };
  }

  #prepared(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (statement) {
      // Most recently used last: the first is the one to drop.
      this.#statements.delete(text);
    } else {
      statement = this.#sqlite.prepare(text);
      if (this.#statements.size >= STATEMENT_CACHE) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
    }
    this.#statements.set(text, statement);
    return statement;
  }
}

/**
 * What kysely holds as "a connection": outside a transaction each statement takes the real one for itself; inside
 * one, the transaction holds it from begin to commit or rollback.
 */
class Lease implements DatabaseConnection {
  readonly #driver: StoreSqliteDriver;
  #inTransaction = false;

  constructor(driver: StoreSqliteDriver) {
    this.#driver = driver;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#inTransaction) return this.#driver.run(query) as QueryResult<R>;
    return this.#driver.locked(() => this.#driver.run(query)) as Promise<QueryResult<R>>;
  }

  // biome-ignore lint/correctness/useYield: streaming is not used by the store; kysely requires the method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new StoreError('Streaming queries are not supported by the store.');
  }

  async begin(): Promise<void> {
    await this.#driver.locked(() => this.#driver.run(CompiledQuery.raw('begin immediate')), true);
    this.#inTransaction = true;
  }

  async end(how: 'commit' | 'rollback'): Promise<void> {
    if (!this.#inTransaction) return;
    // A commit that fails leaves the transaction open: kysely rolls it back next, and that gives the
    // connection back.
    if (how === 'commit') this.#driver.run(CompiledQuery.raw('commit'));
    else {
      try {
        this.#driver.run(CompiledQuery.raw('rollback'));
      } catch {
        // SQLite rolled it back already (after some errors it does)
      }
    }
    this.#inTransaction = false;
    this.#driver.unlock();
  }

  release(): void {
    if (!this.#inTransaction) return;
    // A transaction kysely gave up on without ending it: rolled back, and the connection given back.
    this.#inTransaction = false;
    try {
      this.#driver.run(CompiledQuery.raw('rollback'));
    } catch {
      // nothing was open
    }
    this.#driver.unlock();
  }
}
