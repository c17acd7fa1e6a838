// PostgreSQL behind the same synchronous Db as SQLite. The repositories are synchronous (better-sqlite3 is),
// so each statement is handed to a worker thread that owns one `pg` connection, and this thread waits for its
// answer (Atomics.wait): one session per store, so a transaction is simply BEGIN … COMMIT on it. A statement
// takes a loopback round trip (well under a millisecond); statement and lock timeouts bound the wait.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { StoreError } from './errors.js';
import { type Db, type RunResult, type Statement, type Transaction, toNumberedPlaceholders } from './sql.js';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database[?options] */
  url: string;
  /** Per statement, on the server (statement_timeout). */
  statementTimeoutMs?: number;
  /** How long a statement waits for another transaction's lock (lock_timeout). */
  lockTimeoutMs?: number;
  /** How long this thread waits for the worker before giving up on the connection. */
  answerTimeoutMs?: number;
}

/** A statement PostgreSQL refused: `code` is its SQLSTATE (23505 a unique violation, 57014 a timeout…). */
export class PostgresError extends StoreError {
  override name = 'PostgresError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

// Every write transaction taken "immediately" holds this advisory lock until it ends, as SQLite's write lock
// does: two imports (or an import and a campaign) on two replicas queue instead of interleaving.
const WRITER_LOCK = 714_172_021;

// The worker: plain JavaScript (it runs the same under tsx, vitest and dist/), given the path of `pg`.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { port, lock, url, statementTimeoutMs, lockTimeoutMs } = workerData;
// bigint (count(*), millisecond times) and numeric as numbers: the values the app stores fit in a double.
const asNumber = (v) => (v === null ? null : Number(v));
const types = { getTypeParser: (oid, format) => (oid === 20 || oid === 1700 ? asNumber : pg.types.getTypeParser(oid, format)) };
let client = null;
let broken = false; // the connection dropped inside a transaction: refuse until it is rolled back
// After a failed connect the server counts as down: statements fail at once (the app's thread is not held
// for a connect timeout each time) while a retry runs here every two seconds until one connects.
let down = null;
function open() {
  const c = new pg.Client({ connectionString: url, types, connectionTimeoutMillis: 5000 });
  c.on('error', () => { if (client === c) { client = null; if (inTransaction) broken = true; } });
  return c.connect()
    .then(() => c.query('SET statement_timeout = ' + Number(statementTimeoutMs) + '; SET lock_timeout = ' + Number(lockTimeoutMs)))
    .then(() => c, (e) => { c.end().catch(() => {}); throw e; });
}
function retryInBackground() {
  const timer = setInterval(() => {
    if (down.trying) return;
    down.trying = true;
    open().then((c) => { clearInterval(timer); client = c; down = null; }, (e) => { down.error = e; down.trying = false; });
  }, 2000);
}
async function connection() {
  if (client) return client;
  if (down) throw down.error;
  try {
    client = await open();
    return client;
  } catch (e) {
    down = { error: e, trying: false };
    retryInBackground();
    throw e;
  }
}
let inTransaction = false;
async function handle(req) {
  if (req.op === 'close') {
    const c = client; client = null;
    if (c) await c.end().catch(() => {});
    return {};
  }
  const word = req.text.trimStart().slice(0, 8).toUpperCase();
  const ends = word.startsWith('COMMIT') || word.startsWith('ROLLBACK');
  if (broken) {
    if (ends) { broken = false; inTransaction = false; return { rows: [], rowCount: 0 }; }
    throw Object.assign(new Error('the connection to PostgreSQL was lost during this transaction'), { code: '08006' });
  }
  const c = await connection();
  const result = await c.query({ text: req.text, values: req.values });
  if (word.startsWith('BEGIN')) inTransaction = true;
  if (ends) inTransaction = false;
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return { rows: last.rows ?? [], rowCount: last.rowCount ?? 0 };
}
let chain = Promise.resolve();
port.on('message', (req) => {
  chain = chain.then(async () => {
    let reply;
    try {
      reply = { id: req.id, ...(await handle(req)) };
    } catch (e) {
      reply = { id: req.id, error: { message: e && e.message ? e.message : String(e), code: e && e.code } };
    }
    port.postMessage(reply);
    Atomics.store(lock, 0, req.id);
    Atomics.notify(lock, 0);
  });
});
`;

interface Reply {
  id: number;
  rows?: Record<string, unknown>[];
  rowCount?: number;
  error?: { message: string; code?: string };
}

export function openPostgres(options: PostgresOptions): Db {
  const lock = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // Plain CommonJS whatever the parent was started with (`--input-type=module` would make it ESM, tsx's
    // loader is not needed).
    execArgv: [],
    workerData: {
      port: port2,
      lock,
      url: options.url,
      pgPath: createRequire(import.meta.url).resolve('pg'),
      statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
      lockTimeoutMs: options.lockTimeoutMs ?? 15_000,
    },
    transferList: [port2],
  });
  // The store's owner closes it; an app that exits without doing so is not kept alive by the worker.
  worker.unref();
  port1.unref();
  const answerTimeoutMs = options.answerTimeoutMs ?? 60_000;
  let nextId = 0;
  let open = true;
  let depth = 0;

  function call(request: { op: 'query'; text: string; values: unknown[] } | { op: 'close' }): Reply {
    if (!open) throw new StoreError('The database connection is not open.');
    const id = ++nextId;
    port1.postMessage({ id, ...request });
    const deadline = Date.now() + answerTimeoutMs;
    for (;;) {
      const seen = Atomics.load(lock, 0);
      if (seen === id) break;
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(lock, 0, seen, left) === 'timed-out')
        throw new StoreError(`PostgreSQL did not answer within ${Math.round(answerTimeoutMs / 1000)} s.`);
    }
    // Answers to earlier calls that timed out here may still be queued: skip to this one.
    for (;;) {
      const message = receiveMessageOnPort(port1)?.message as Reply | undefined;
      if (message === undefined) throw new StoreError('The PostgreSQL worker answered without a reply.');
      if (message.id !== id) continue;
      if (message.error) throw new PostgresError(withoutValues(message.error), message.error.code);
      return message;
    }
  }

  const query = (text: string, values: unknown[] = []) => call({ op: 'query', text, values });

  const db: Db = {
    engine: 'postgres',
    get open() {
      return open;
    },

    prepare<P extends readonly unknown[] | object, R>(source: string): Statement<P, R> {
      const { text, order } = toNumberedPlaceholders(source);
      const values = (params: readonly unknown[]): unknown[] => {
        const named = params.length === 1 && isNamed(params[0]) ? params[0] : null;
        return order.map((key) => {
          const value = typeof key === 'number' ? params[key] : named?.[key];
          return value === undefined ? null : value;
        });
      };
      return {
        get: (...params) => query(text, values(params)).rows?.[0] as R | undefined,
        all: (...params) => (query(text, values(params)).rows ?? []) as R[],
        run: (...params): RunResult => ({ changes: query(text, values(params)).rowCount ?? 0 }),
      };
    },

    transaction<A extends unknown[], T>(work: (...args: A) => T): Transaction<A, T> {
      const within = (writer: boolean, args: A): T => {
        const savepoint = depth > 0 ? `s${depth}` : null;
        query(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN');
        if (!savepoint && writer) query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK]);
        depth += 1;
        try {
          const result = work(...args);
          depth -= 1;
          query(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
          return result;
        } catch (error) {
          depth -= 1;
          try {
            query(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK');
          } catch {
            // The connection is gone: the server has rolled back already.
          }
          throw error;
        }
      };
      const tx = ((...args: A) => within(false, args)) as Transaction<A, T>;
      tx.immediate = (...args: A) => within(true, args);
      return tx;
    },

    exec(source) {
      query(source);
    },

    close() {
      if (!open) return;
      try {
        call({ op: 'close' });
      } finally {
        open = false;
        port1.close();
        void worker.terminate();
      }
    },
  };
  return db;
}

/**
 * PostgreSQL's message, without the value it quotes when a value was refused (class 22, "invalid input syntax
 * for type integer: \"…\""): a bound value may be something a person typed, and errors reach the logs. The
 * detail (which quotes the key of a unique violation) is never taken.
 */
function withoutValues(error: { message: string; code?: string }): string {
  if (!error.code?.startsWith('22')) return error.message;
  return error.message.replace(/:\s*".*"\s*$/s, '').replace(/"[^"]*"/g, '"…"');
}

function isNamed(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The URL without its password, for messages and `store.path`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
