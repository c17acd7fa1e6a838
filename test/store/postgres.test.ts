// What only PostgreSQL has to get right: a connection the server dropped is opened again, and a refused value
// stays out of the error (errors reach the logs, and a value may be something a person typed).
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/store/db.js';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { outsideQuery } from '../support/engines.js';
import { freshPostgresUrl, postgresServerUrl } from '../support/postgres.js';

describe('the PostgreSQL connection', () => {
  it('is opened again after the server drops it, and the store goes on', async () => {
    const plain = await freshPostgresUrl();
    const url = new URL(plain);
    const name = `dropped_${process.pid}_${Date.now()}`;
    url.searchParams.set('application_name', name);
    const store = await openStore({ path: url.toString() });
    try {
      await store.grant({ email: 'rhea.admin@example.edu', role: 'admin' });
      const [killed] = await outsideQuery<{ n: number | string }>(
        plain,
        `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = '${name}'`,
      );
      expect(Number(killed?.n)).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(await store.listGrants()).toEqual([{ email: 'rhea.admin@example.edu', role: 'admin' }]);
      expect((await store.stats()).people).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('runs a statement it keeps prepared again after the schema changed under it (a replica migrated)', async () => {
    const url = await freshPostgresUrl();
    const store = await openStore({ path: url });
    try {
      await store.grant({ email: 'rhea.admin@example.edu', role: 'admin' });
      // The person lookup selects every column: prepared on the connection, its result's shape is fixed there.
      for (let i = 0; i < 3; i++) expect(await store.personByEmail('nobody@example.edu')).toBeNull();
      expect(await store.grants('rhea.admin@example.edu')).toHaveLength(1);
      await outsideQuery(url, 'ALTER TABLE people ADD COLUMN added_later text');
      await outsideQuery(url, 'ALTER TABLE access_grants ADD COLUMN added_later text');
      expect(await store.personByEmail('nobody@example.edu')).toBeNull();
      expect(await store.personByEmail('nobody@example.edu')).toBeNull();
      expect(await store.grants('rhea.admin@example.edu')).toEqual([
        { email: 'rhea.admin@example.edu', role: 'admin' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('keeps its statement and lock timeouts when the URL sets startup options of its own', async () => {
    const url = new URL(await freshPostgresUrl());
    // The test URLs already choose their schema with `options`; one more setting beside it.
    const own = url.searchParams.get('options') ?? '';
    url.searchParams.set('options', `${own} -c application_name=with_options`.trim());
    const db = connect(url.toString(), { lockTimeoutMs: 1234, statementTimeoutMs: 5678 });
    try {
      const read = async (setting: string) =>
        (await sql<{ v: string }>`SELECT current_setting(${setting}) AS v`.execute(db.connection.db)).rows[0]
          ?.v;
      expect(await read('lock_timeout')).toBe('1234ms');
      expect(await read('statement_timeout')).toBe('5678ms');
      expect(await read('application_name')).toBe('with_options');
      if (own.includes('search_path')) expect(await read('search_path')).toContain('t_');
    } finally {
      await db.close();
    }
  });

  it('keeps a refused value out of the error message', async () => {
    const store = await openStore({ path: await freshPostgresUrl() });
    try {
      let message = '';
      try {
        await store.campaigns.delivery('zq-secret-words' as unknown as number);
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(/PostgresError: invalid input syntax for type integer/);
      expect(message).not.toContain('zq-secret-words');
    } finally {
      await store.close();
    }
  });
});

// Forwards PORT to TARGET on loopback; prints a line once listening.
const PROXY = `
const net = require('node:net');
const [port, target] = process.argv.slice(1).map(Number);
net.createServer((socket) => {
  const upstream = net.connect(target, '127.0.0.1');
  socket.pipe(upstream).pipe(socket);
  socket.on('error', () => upstream.destroy());
  upstream.on('error', () => socket.destroy());
}).listen(port, '127.0.0.1', () => console.log('listening'));
`;

// Accepts connections on PORT and never says a word.
const SILENT = `
const net = require('node:net');
const held = [];
net.createServer((socket) => held.push(socket)).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));
`;

describe('a PostgreSQL server that is down', () => {
  it('fails statements at once after a connect timed out, and serves again once the server is back', async () => {
    // A port that accepts nothing for now: then a proxy to the real server on it.
    const server = postgresServerUrl();
    const target = new URL(server);
    const port = await new Promise<number>((done) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const schemaUrl = new URL(await freshPostgresUrl());
    const store = await openStore({ path: schemaUrl.toString() });
    await store.close();
    schemaUrl.port = String(port);
    // A host that takes the connection and never answers (a firewall dropping packets, a hung server).
    const silent = spawn(process.execPath, ['-e', SILENT, String(port)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((done) => silent.stdout?.once('data', done));
    const db = connect(schemaUrl.toString());
    const selectOne = async () =>
      (await sql<{ one: number }>`SELECT 1 AS one`.execute(db.connection.db)).rows[0];
    try {
      const first = performance.now();
      await expect(selectOne()).rejects.toThrow(/timeout/i);
      expect(performance.now() - first).toBeGreaterThan(4000);
      // Then every statement fails at once instead of holding the app for another connect timeout.
      const started = performance.now();
      for (let i = 0; i < 20; i++) await expect(selectOne()).rejects.toThrow(/timeout/i);
      expect(performance.now() - started).toBeLessThan(1000);
      silent.kill();
      await new Promise((done) => silent.once('exit', done));
      // The server comes back on that port (a proxy to it, in another process: this thread waits on statements).
      const proxy = spawn(process.execPath, ['-e', PROXY, String(port), target.port], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise((done) => proxy.stdout?.once('data', done));
      try {
        let answer: unknown;
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline) {
          try {
            answer = await selectOne();
            break;
          } catch {
            await new Promise((r) => setTimeout(r, 250));
          }
        }
        expect(answer).toEqual({ one: 1 });
      } finally {
        await db.close();
        proxy.kill();
      }
    } finally {
      if (db.open) await db.close();
      silent.kill();
    }
  });
});

describe('replicas starting together', () => {
  it('migrate an empty database once between them', async () => {
    const url = await freshPostgresUrl();
    const root = new URL('../..', import.meta.url).pathname;
    const open = `const { openStore } = await import(${JSON.stringify(`${root}src/store/index.ts`)});
      const s = await openStore({ path: process.env.U }); console.log((await s.stats()).schemaVersion); await s.close();`;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<string>((done, fail) =>
          execFile(
            process.execPath,
            ['--import', 'tsx', '--input-type=module', '-e', open],
            { cwd: root, env: { ...process.env, U: url } },
            (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(stdout.trim())),
          ),
        ),
    );
    const last = String(MIGRATIONS.length);
    expect(await Promise.all(runs)).toEqual([last, last, last, last]);
    const rows = await outsideQuery<{ name: string }>(
      url,
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });
});

describe('a database other apps share', () => {
  // Found as a rare CI failure: kysely's Migrator listed every schema's tables (reading each serial column's
  // sequence by the table's name), and another test file dropping its schema at that moment failed a replica's
  // migration with `schema "t_…" does not exist`. The store now looks at its own schema only.
  it("looks only at its own schema's tables, so another schema's can come and go while it migrates", async () => {
    const mine = await freshPostgresUrl();
    const other = await freshPostgresUrl();
    await outsideQuery(other, 'CREATE TABLE neighbour (id serial PRIMARY KEY, note text)');
    const store = await openStore({ path: mine });
    await store.close();
    const db = connect(mine);
    try {
      const tables = await db.connection.db.introspection.getTables({ withInternalKyselyTables: true });
      const names = tables.map((t) => t.name);
      expect(names).toContain('people');
      expect(names).toContain('schema_migrations');
      expect(names).not.toContain('neighbour');
      expect(new Set(tables.map((t) => t.schema))).toEqual(
        new Set([new URL(mine).searchParams.get('options')?.split('=')[1]]),
      );
      // Without the migration tables unless asked, as kysely's own introspector does.
      const plain = (await db.connection.db.introspection.getTables()).map((t) => t.name);
      expect(plain).toContain('people');
      expect(plain).not.toContain('schema_migrations');
      const people = tables.find((t) => t.name === 'people');
      expect(people?.columns.length).toBeGreaterThan(2);
    } finally {
      await db.close();
    }
  });
});
