// A real PostgreSQL server for the tests: initdb in a temporary folder, the server on a free loopback port,
// trust authentication (nothing listens beyond 127.0.0.1), stopped and deleted afterwards. Run as the
// `postgres` user when this process is root (the server refuses to run as root). `.ci/run` starts one through
// this file (`tsx test/support/postgres-server.ts serve URL_FILE`); without one, the tests' global setup does.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
  /** Stops the server, keeping its data (an outage). */
  halt(): Promise<void>;
  /** Starts a halted server again: the same data on the same port. */
  start(): Promise<void>;
}

/** Where the server binaries are: $POSTGRES_BIN, the newest /usr/lib/postgresql/N/bin, or pg_config's. */
export function findPostgresBin(): string {
  const candidates: string[] = [];
  if (process.env['POSTGRES_BIN']) candidates.push(process.env['POSTGRES_BIN']);
  const base = '/usr/lib/postgresql';
  if (existsSync(base))
    candidates.push(
      ...readdirSync(base)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(base, v, 'bin')),
    );
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on the PATH
  }
  const found = candidates.find(
    (dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb')),
  );
  if (!found)
    throw new Error(
      `No PostgreSQL server binaries (looked in ${candidates.join(', ') || base}): install the "postgresql" package or set POSTGRES_BIN.`,
    );
  return found;
}

/** A port nothing listens on at the moment, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  const data = join(dir, 'data');
  const as = (command: string, args: string[]): [string, string[]] =>
    root ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
  if (root) {
    execFileSync('chown', ['postgres', dir]);
    chmodSync(dir, 0o700);
  }
  const [initdb, initArgs] = as('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--locale=C',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  try {
    execFileSync(initdb, initArgs, { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`initdb failed: ${stderr || (error as Error).message}`);
  }
  const port = await freePort();
  const [postgres, args] = as('postgres', [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    // A throwaway server: durability buys nothing here.
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=200',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  let stderr = '';
  const launch = () => {
    stderr = '';
    child = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.unref();
  };
  /** Stops the server (a fast shutdown), keeping its data for start(). */
  const halt = async () => {
    const running = child;
    if (running && running.exitCode === null && running.pid !== undefined) {
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      // The server itself, by its pid file (runuser in between need not pass the signal on); SIGINT is a fast
      // shutdown.
      let postmaster = 0;
      try {
        postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      } catch {
        // not written yet: the server did not get that far
      }
      for (const pid of [postmaster, running.pid]) {
        try {
          if (pid > 0) process.kill(pid, 'SIGINT');
        } catch {
          // already gone
        }
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
      clearTimeout(timer);
    }
    running?.stderr?.destroy();
  };
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  /** Starts it (again: same data, same port) and resolves once it accepts connections. */
  const start = async () => {
    launch();
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child?.exitCode !== null) {
        const said = stderr.trim();
        await halt();
        throw new Error(`The PostgreSQL server exited at start: ${said}`);
      }
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => {});
        if (Date.now() > deadline) {
          const said = stderr.trim();
          await halt();
          throw new Error(`The PostgreSQL server did not accept connections within 30 s: ${said}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { url, stop, halt, start };
}

/** Runs SQL statements on the server, one connection for them all. */
async function onServer(serverUrl: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty schema; returns the URL a store opens it with (the schema as its search_path). */
export async function createSchema(serverUrl: string, schema: string): Promise<string> {
  await onServer(serverUrl, [`CREATE SCHEMA ${schema}`]);
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Drops schemas createSchema made, with everything in them. */
export async function dropSchemas(serverUrl: string, schemas: readonly string[]): Promise<void> {
  await onServer(
    serverUrl,
    schemas.map((schema) => `DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  );
}

// `tsx test/support/postgres-server.ts serve URL_FILE`: starts a server, writes its URL to URL_FILE, and stops it
// (deleting its folder) on SIGTERM or SIGINT. .ci/run runs the tests against it.
if (process.argv[1]?.endsWith('postgres-server.ts') && process.argv[2] === 'serve') {
  const urlFile = process.argv[3];
  startPostgres().then(
    (server) => {
      if (urlFile) writeFileSync(urlFile, `${server.url}\n`);
      else process.stdout.write(`${server.url}\n`);
      const stop = () => void server.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      setInterval(() => {}, 1 << 30);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
