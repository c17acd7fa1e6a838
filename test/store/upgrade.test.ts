// A database the app wrote with an earlier version, opened by today's code: the schema is brought up to date
// in place (no export, no re-import), every row of every table is still there, the tables are those of a new
// database, and records of every kind can be written. A SQLite file and a PostgreSQL dump, each made by the code
// of its day (test/fixtures/store/README.md).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { evaluateStatus } from '../../src/rules/index.js';
import { openStore, parseCompletions, parseRoster, type Store } from '../../src/store/index.js';
import { OLD_APP_FENCE } from '../../src/store/legacy-schema.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { freshLocation, outsideQuery } from '../support/engines.js';
import { postgresServerUrl } from '../support/postgres.js';
import { findPostgresBin } from '../support/postgres-server.js';
import { columnNames, describeTables, everyRow } from '../support/schema.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/store');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const content = loadContent(SHIPPED_CONTENT);
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

/** A copy of the fixture (the fixture itself is never written to). */
function copyOf(name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'upgrade-')), 'app.db');
  copyFileSync(join(FIXTURES, name), path);
  return path;
}

async function openAt(path: string): Promise<Store> {
  const store = await openStore({ path, schedule: content.schedule });
  opened.push(store);
  return store;
}

const openCopy = (name: string) => openAt(copyOf(name));

/**
 * The leaves the old app wrote (when they were a fixed list in code) are read back as the content's own:
 * the column is text, so no migration was needed, and the rules still find the on-leave rule.
 */
async function expectLeavesAsDeclared(store: Store): Promise<void> {
  const declared = content.policy.leaves.map((l) => l.id);
  const now = new Date('2021-02-10T15:00:00.000Z');
  for (const [email, leave] of [
    ['cleo.sample@example.edu', 'sabbatical'],
    ['dev.mockwell@example.edu', 'junior_faculty_leave'],
  ] as const) {
    const profile = await store.profileByEmail(email);
    expect(profile?.leave).toBe(leave);
    expect(declared).toContain(leave);
    expect(evaluateStatus(profile ?? { role: 'faculty' }, content, now).reasons.map((r) => r.rule)).toContain(
      'on-leave',
    );
  }
}
const NAMES = MIGRATIONS.map((m) => m.name);

describe('a SQLite database written by commit 931e4a3 (schema 9)', () => {
  const FIXTURE = 'made-by-storage-931e4a3.db';

  it('keeps every row of every table, and ends with the tables of a new database', async () => {
    const path = copyOf(FIXTURE);
    const before = await everyRow(path);
    expect(Object.keys(before)).toHaveLength(19);
    const columnsBefore = columnNames(await describeTables(path));
    await openAt(path);
    // Every row as it was, in the columns it had (later migrations add columns, null in old rows).
    expect(await everyRow(path, columnsBefore)).toEqual(before);
    const applied = await outsideQuery<{ name: string }>(
      path,
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(applied.map((r) => r.name)).toEqual(NAMES);
    const fresh = await freshLocation('sqlite');
    await openAt(fresh);
    // By affinity: the old file declared the millisecond columns INTEGER, a new one BIGINT (both 64-bit integers).
    expect(await describeTables(path, { affinity: true })).toEqual(
      await describeTables(fresh, { affinity: true }),
    );
  });

  it('opens at the current schema with every record in it', async () => {
    const store = await openCopy(FIXTURE);
    const stats = await store.stats();
    expect(stats).toMatchObject({
      schemaVersion: MIGRATIONS.length,
      people: 45,
      active: 45,
      completions: 17,
      lastRosterImport: { file: 'roster.csv', importedAt: '2021-02-10T15:00:00.000Z' },
    });
    expect(await store.listGrants()).toEqual([{ email: 'rhea.admin@example.edu', role: 'admin' }]);
    expect((await store.personBySlackId('U0BRAM0001'))?.profile.email).toBe('bram.placeholder@example.edu');
    expect(await store.feedback.counts()).toEqual([{ faqId: 'working-hours', helpful: 1, unhelpful: 0 }]);
    expect((await store.misses.listMisses()).map((m) => m.text)).toEqual(['where is the parking office']);
    const [campaign] = await store.campaigns.listCampaigns();
    expect(campaign).toMatchObject({ kind: 'reminder', createdBy: 'fixture', spec: { template: 'overdue' } });
    expect(await store.campaigns.counts(campaign?.id ?? 0)).toMatchObject({ pending: 1, total: 1 });
  });

  it("reads the leaves it wrote as the content's declared ones", async () => {
    await expectLeavesAsDeclared(await openCopy(FIXTURE));
  });

  it('takes new records of every kind after the upgrade', async () => {
    const store = await openCopy(FIXTURE);
    // The same person's second click on the same answer changes their vote instead of adding one.
    const ballot = { message: 'D1:1612960000.000200', voter: 'U0BRAM0001' };
    expect(await store.feedback.record('working-hours', 'down', ballot)).toBe('changed');
    expect(await store.feedback.counts()).toEqual([{ faqId: 'working-hours', helpful: 0, unhelpful: 1 }]);
    expect(
      await store.grant({ email: 'seth@example.edu', role: 'dept-admin', department: 'Imaginary Physics' }),
    ).toBe(true);
    const [campaign] = await store.campaigns.listCampaigns();
    const [delivery] = await store.campaigns.pendingDeliveries(campaign?.id ?? 0, 0, 10);
    expect(await store.campaigns.claim(delivery?.id ?? 0, 'key-1', 'U0BRAM0001')).toBe(true);
    await store.campaigns.markSent(delivery?.id ?? 0, '1612960000.000300');
    await store.campaigns.finish(campaign?.id ?? 0);
    expect(await store.campaigns.unfinishedCampaigns()).toEqual([]);
    // The next night's roster, one person fewer: imported into the upgraded tables.
    const lines = readFileSync(join(EXAMPLES, 'roster.csv'), 'utf8').trimEnd().split('\n');
    const roster = parseRoster(`${lines.slice(0, -1).join('\n')}\n`, 'roster.csv', content);
    const summary = await store.importRoster(roster.records, { file: 'roster.csv' });
    expect(summary).toMatchObject({ added: 0, deactivated: 1, unchanged: 44 });
    // The same LMS report again: the old code kept only Ada's first Course C (2021-02-01), the history keeps
    // her second one (2021-02-05) as well; the cycle's completion is still the first.
    const report = parseCompletions(
      readFileSync(join(EXAMPLES, 'completions.csv')),
      'completions.csv',
      content,
    );
    expect(await store.importCompletions(report.records)).toMatchObject({ recorded: 1, unchanged: 17 });
    const ada = await store.profileByEmail('ada.example@example.edu');
    expect([ada?.completed, ada?.completions]).toEqual([
      { module: 'C', on: '2021-02-01' },
      [
        { module: 'C', on: '2021-02-01' },
        { module: 'C', on: '2021-02-05' },
      ],
    ]);
  });
});

describe('a PostgreSQL database written by commit 6a05475 (schema 3)', () => {
  const DUMP = join(FIXTURES, 'made-by-6a05475.postgres.sql');
  const databases: string[] = [];
  afterAll(async () => {
    for (const name of databases.splice(0))
      await outsideQuery(postgresServerUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  const at = Date.parse('2021-02-10T15:00:00.000Z');

  /** The dump loaded into a new database of the test server (with psql, as an operator restores one). */
  async function loadDump(...afterwards: string[]): Promise<string> {
    const server = postgresServerUrl();
    const name = `upgrade_${randomBytes(5).toString('hex')}`;
    await outsideQuery(server, `CREATE DATABASE ${name}`);
    databases.push(name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    execFileSync(
      join(findPostgresBin(), 'psql'),
      ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', DUMP],
      {
        stdio: 'pipe',
      },
    );
    for (const statement of afterwards) await outsideQuery(url.toString(), statement);
    return url.toString();
  }

  it('keeps every row of every table, and ends with the tables of a new database', async () => {
    const url = await loadDump();
    const before = await everyRow(url);
    // A row in every table: the comparison below leaves nothing out.
    expect(Object.entries(before).filter(([, rows]) => rows.length === 0)).toEqual([]);
    expect(Object.keys(before)).toHaveLength(19);
    const columnsBefore = columnNames(await describeTables(url));
    await openAt(url);
    expect(await everyRow(url, columnsBefore)).toEqual(before);
    const applied = await outsideQuery<{ name: string }>(
      url,
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(applied.map((r) => r.name)).toEqual(NAMES);
    // The app of 6a05475 would now refuse it (its last version was 3) rather than write to tables it does not know.
    expect(await outsideQuery(url, 'SELECT version FROM schema_version')).toEqual([
      { version: OLD_APP_FENCE },
    ]);
    const fresh = await freshLocation('postgres');
    await openAt(fresh);
    expect(await describeTables(url)).toEqual(await describeTables(fresh));
  });

  it('opens at the current schema with every record in it', async () => {
    const store = await openAt(await loadDump());
    expect(await store.stats()).toMatchObject({
      schemaVersion: MIGRATIONS.length,
      people: 45,
      active: 45,
      completions: 6,
      lastRosterImport: { file: 'roster.csv', importedAt: '2021-02-10T15:00:00.000Z' },
    });
    expect(await store.listGrants()).toEqual([
      { email: 'rhea.admin@example.edu', role: 'admin' },
      { email: 'seth@example.edu', role: 'dept-admin', department: 'Imaginary Physics' },
    ]);
    expect((await store.personBySlackId('U0BRAM0001'))?.profile.email).toBe('bram.placeholder@example.edu');
    expect(await store.lastCompletionsImport()).toMatchObject({ file: 'completions.csv', recorded: 6 });
    expect(await store.feedback.counts()).toEqual([{ faqId: 'working-hours', helpful: 1, unhelpful: 0 }]);
    expect((await store.misses.listMisses()).map((m) => m.text)).toEqual(['where is the parking office']);
    expect(await store.misses.answerCounts()).toEqual([{ day: '2021-02-10', kind: 'faq', count: 1 }]);
    expect(await store.misses.firstContact('U0BRAM0001')).toBe(false);
    const [campaign] = await store.campaigns.listCampaigns();
    expect(campaign).toMatchObject({
      id: 1,
      kind: 'reminder',
      createdBy: 'fixture',
      spec: { template: 'overdue' },
    });
    expect(await store.campaigns.counts(1)).toMatchObject({ sent: 1, pending: 1, total: 2 });
    expect(await store.campaigns.campaignByScheduleKey('deadline-7:all-schools:2021-02-10')).toMatchObject({
      id: 1,
    });
    expect(await store.directory.directoryByUser('U0BOT00001')).toMatchObject({ isBot: true });
    const [snapshot] = await store.snapshots.daily(content.schedule.cycle.name);
    expect(snapshot?.counts).toEqual([
      { groupId: null, department: 'Imaginary Physics', required: 12, completed: 5, overdue: 2 },
    ]);
    expect(await store.events.count()).toBe(1);
    expect(await store.leases.holder('jobs', at)).toBe('fixture-host:1');
  });

  it("reads the leaves it wrote as the content's declared ones", async () => {
    await expectLeavesAsDeclared(await openAt(await loadDump()));
  });

  it('takes new records of every kind after the upgrade', async () => {
    const store = await openAt(await loadDump());
    const ballot = { message: 'D1:1612960000.000200', voter: 'U0BRAM0001' };
    expect(await store.feedback.record('working-hours', 'down', ballot)).toBe('changed');
    expect(await store.feedback.counts()).toEqual([{ faqId: 'working-hours', helpful: 0, unhelpful: 1 }]);
    expect(await store.grant({ email: 'tove@example.edu', role: 'admin' })).toBe(true);
    const [pending] = await store.campaigns.pendingDeliveries(1, 0, 10);
    expect(await store.campaigns.claim(pending?.id ?? 0, 'key-2', 'C0ANNOUNCE')).toBe(true);
    await store.campaigns.markSent(pending?.id ?? 0, '1612960000.000400');
    await store.campaigns.finish(1);
    expect(await store.campaigns.unfinishedCampaigns()).toEqual([]);
    // New keys follow the restored ones: the identity sequences came with the dump.
    const bram = await store.personByEmail('bram.placeholder@example.edu');
    const next = await store.campaigns.createCampaign({
      kind: 'announcement',
      createdBy: 'after-upgrade',
      spec: {},
      recipients: 1,
      deliveries: [{ personId: bram?.id ?? null, target: 'U0BRAM0001' }],
    });
    expect(next).toBe(2);
    expect(
      await store.misses.recordMiss({ text: 'a second question', reason: 'unknown', day: '2021-02-11' }),
    ).toBe(2);
    expect(
      await store.snapshots.record([
        { cycle: content.schedule.cycle.name, day: '2021-02-11', reason: 'daily', counts: [] },
      ]),
    ).toEqual([2]);
    expect(await store.events.claim('Ev0AFTER0001', at, 3_600_000)).toBe(true);
    expect(await store.events.claim('Ev0FIXTURE01', at, 3_600_000)).toBe(false);
    expect(await store.leases.acquire('jobs', 'new-host:2', at + 60_000, 30_000)).toBe(true);
    expect(await store.pace.reserve('chat.postMessage', at, 1200)).toBeGreaterThan(at);
    const lines = readFileSync(join(EXAMPLES, 'roster.csv'), 'utf8').trimEnd().split('\n');
    const roster = parseRoster(`${lines.slice(0, -1).join('\n')}\n`, 'roster.csv', content);
    expect(await store.importRoster(roster.records, { file: 'roster.csv' })).toMatchObject({
      added: 0,
      deactivated: 1,
      unchanged: 44,
    });
  });

  it('at its schema 2 (before the ballots), gains the rest in place', async () => {
    const url = await loadDump('DROP TABLE feedback_ballots', 'UPDATE schema_version SET version = 2');
    const store = await openAt(url);
    expect((await store.stats()).schemaVersion).toBe(MIGRATIONS.length);
    const applied = await outsideQuery<{ name: string }>(
      url,
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(applied.map((r) => r.name)).toEqual(NAMES);
    const ballot = { message: 'D1:1612960000.000200', voter: 'U0BRAM0001' };
    expect(await store.feedback.record('working-hours', 'up', ballot)).toBe('counted');
    expect(await store.feedback.record('working-hours', 'down', ballot)).toBe('changed');
  });
});
