// kysely's driver for a `pg.Pool`, in place of its own PostgresDriver: the same connections, transactions and
// results, plus what the store needs of it (issue #25). A statement of fixed shape (compiled.ts) runs as a named
// prepared statement on each connection, parsed and planned by the server once per connection instead of once per
// call; its errors are PostgresErrors, which never quote a refused value; after a connection could not be made,
// statements fail at once for RETRY_DOWN_MS instead of each waiting out the connect timeout; after close, at once.
// kysely's own driver also captured a stack trace for every statement (to extend its errors'), which cost more
// than pg's work for the statement.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type Pg from 'pg';
import { preparedName } from './compiled.js';
import { StoreError } from './errors.js';
import { asPostgresError } from './postgres.js';

/** How long PostgreSQL counts as down after a connection could not be made. */
export const RETRY_DOWN_MS = 2000;

// SQLSTATEs a named statement may meet: the schema changed under its plan ("cached plan must not change result
// type": a replica migrated), the server no longer has it (a pooler's DISCARD ALL), or already has one of that
// name (a pooler in transaction mode, which hands the server's connections around): run again unnamed.
const STALE_STATEMENT = new Set(['0A000', '26000', '42P05']);

export class PoolDriver implements Driver {
  readonly #pool: Pg.Pool;
  readonly #isOpen: () => boolean;
  readonly #connections = new WeakMap<Pg.PoolClient, PoolConnection>();
  #down: { error: unknown; until: number } | null = null;

  constructor(pool: Pg.Pool, isOpen: () => boolean) {
    this.#pool = pool;
    this.#isOpen = isOpen;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#isOpen()) throw new StoreError('The database connection is not open.');
    if (this.#down && Date.now() < this.#down.until) throw this.#down.error;
    let client: Pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      const failure = asPostgresError(error);
      this.#down = { error: failure, until: Date.now() + RETRY_DOWN_MS };
      throw failure;
    }
    this.#down = null;
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PoolConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let begin = 'begin';
    if (settings.isolationLevel || settings.accessMode)
      begin = ['start transaction', settings.isolationLevel && `isolation level ${settings.isolationLevel}`]
        .concat(settings.accessMode ?? [])
        .filter(Boolean)
        .join(' ');
    await connection.executeQuery(CompiledQuery.raw(begin));
    (connection as PoolConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const pooled = connection as PoolConnection;
    try {
      const { rows } = await pooled.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
      // PostgreSQL ends COMMIT with a ROLLBACK tag when an earlier statement left the transaction aborted.
      if (rows[0]?.command === 'ROLLBACK')
        throw new StoreError('The transaction was rolled back: a statement in it had failed.');
    } finally {
      pooled.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const pooled = connection as PoolConnection;
    try {
      await pooled.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      // In an unknown state: the pool closes it instead of handing it out again.
      pooled.discarded = true;
      throw error;
    } finally {
      pooled.inTransaction = false;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const pooled = connection as PoolConnection;
    pooled.client.release(pooled.discarded);
    if (pooled.discarded) this.#connections.delete(pooled.client);
  }

  async destroy(): Promise<void> {
    if (!this.#pool.ended && !this.#pool.ending) await this.#pool.end();
  }
}

class PoolConnection implements DatabaseConnection {
  inTransaction = false;
  discarded = false;
  constructor(readonly client: Pg.PoolClient) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.discarded) throw new StoreError('The database connection was discarded.');
    // Named only outside a transaction: a stale one is then run again unnamed, which an aborted transaction could not.
    const name = this.inTransaction ? undefined : preparedName(query.sql);
    const values = query.parameters as unknown[];
    try {
      return asResult<R>(
        await this.client.query(name === undefined ? query.sql : { name, text: query.sql, values }, values),
      );
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (name === undefined || typeof code !== 'string' || !STALE_STATEMENT.has(code))
        throw asPostgresError(error);
      // Forget it on this connection (and on the server, if it is still there), then run the text as it is.
      const parsed = (this.client as unknown as { connection: { parsedStatements: Record<string, string> } })
        .connection.parsedStatements;
      delete parsed[name];
      await this.client.query(`DEALLOCATE "${name}"`).catch(() => {});
      try {
        return asResult<R>(await this.client.query(query.sql, values));
      } catch (retried) {
        throw asPostgresError(retried);
      }
    }
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported (as kysely's driver without a cursor)
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new StoreError('Streaming query results is not supported on PostgreSQL here.');
  }
}

function asResult<R>(result: Pg.QueryResult): QueryResult<R> {
  const { command, rowCount, rows } = result;
  if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command } as R] };
  const rowsOf = (rows ?? []) as R[];
  return command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
    ? { numAffectedRows: BigInt(rowCount ?? 0), rows: rowsOf }
    : { rows: rowsOf };
}
