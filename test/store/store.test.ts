// The store: imports, deactivation, completions, identity, grants, migrations, backup, reopening from disk.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { groupFor } from '../../src/rules/index.js';
import {
  DIRECTORY_MAX_AGE_MS,
  MassDeactivationError,
  openStore,
  parseCompletions,
  parseRoster,
  type Store,
  StoreError,
} from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { syntheticRoster } from '../../src/store/synthetic.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { ENGINES, type EngineName, freshLocation, outsideQuery } from '../support/engines.js';

const content = loadContent(SHIPPED_CONTENT);
const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const HEADER =
  'email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor';

const open: Store[] = [];
function sqliteFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'store-')), 'nested', 'test.db');
}
async function storeAt(path: string, now = () => new Date('2021-02-01T12:00:00Z')): Promise<Store> {
  const store = await openStore({ path, schedule: content.schedule, now });
  open.push(store);
  return store;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function roster(...rows: string[]) {
  const { records, issues } = parseRoster(`${HEADER}\n${rows.join('\n')}\n`, 'r.csv', content);
  expect(issues).toEqual([]);
  return records;
}
function completions(...rows: string[]) {
  const { records, issues } = parseCompletions(
    `email,module,completed_on\n${rows.join('\n')}\n`,
    'c.csv',
    content,
  );
  expect(issues).toEqual([]);
  return records;
}
const person = (email: string, extra = 'faculty,yes,,2012-09-01,,,,school,,Imaginary Physics,no') =>
  `${email},${email.split('@')[0]},${extra}`;

async function loadExamples(store: Store) {
  const r = parseRoster(readFileSync(join(EXAMPLES, 'roster.csv')), 'roster.csv', content);
  const c = parseCompletions(readFileSync(join(EXAMPLES, 'completions.csv')), 'completions.csv', content);
  expect([...r.issues, ...c.issues]).toEqual([]);
  await store.importRoster(r.records, { file: 'examples/roster.csv' });
  return await store.importCompletions(c.records);
}

// The same behaviour on both engines: each test opens a new database of the engine it runs on.
const FAIL_AT_9000: Record<EngineName, string> = {
  sqlite: `CREATE TRIGGER fail_9000 BEFORE UPDATE ON people WHEN NEW.email = 'person008998@example.edu'
           BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`,
  postgres: `CREATE FUNCTION fail_9000() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.email = 'person008998@example.edu' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$;
             CREATE TRIGGER fail_9000 BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION fail_9000()`,
};

describe.each(ENGINES)('the store on %s', (engine) => {
  const tempDb = () => freshLocation(engine);

  describe('feedback votes', () => {
    it('counts one vote per person per answer message: a repeat changes nothing, a change of mind replaces it', async () => {
      const location = await tempDb();
      const store = await storeAt(location);
      const ballot = { message: 'D1:1700000000.000100', voter: 'U0ONE' };
      expect(await store.feedback.record('sabbatical-leave', 'up', ballot)).toBe('counted');
      for (let i = 0; i < 24; i++)
        expect(await store.feedback.record('sabbatical-leave', 'up', ballot)).toBe('unchanged');
      expect(await store.feedback.counts()).toEqual([
        { faqId: 'sabbatical-leave', helpful: 1, unhelpful: 0 },
      ]);
      expect(await store.feedback.record('sabbatical-leave', 'down', ballot)).toBe('changed');
      expect(await store.feedback.counts()).toEqual([
        { faqId: 'sabbatical-leave', helpful: 0, unhelpful: 1 },
      ]);
      // Another person, or the same person on another answer, is another vote.
      await store.feedback.record('sabbatical-leave', 'up', { ...ballot, voter: 'U0TWO' });
      await store.feedback.record('sabbatical-leave', 'up', { ...ballot, message: 'D1:1700000000.000200' });
      expect(await store.feedback.counts()).toEqual([
        { faqId: 'sabbatical-leave', helpful: 2, unhelpful: 1 },
      ]);
      // Who voted is kept only as a hash.
      await store.close();
      const rows = await outsideQuery(location, 'SELECT * FROM feedback_ballots');
      expect(rows).toHaveLength(3);
      expect(JSON.stringify(rows)).not.toContain('U0ONE');
    });
  });

  describe('roster import', async () => {
    it('refuses, rolling everything back, an import that deactivates more than the share it is given', async () => {
      const store = await storeAt(await tempDb());
      const everyone = ['a', 'b', 'c', 'd', 'e'].map((n) => person(`${n}@example.edu`));
      await store.importRoster(roster(...everyone), { file: 'full.csv' });
      const before = await store.listPeople({ active: 'any' });
      const cut = roster(
        person('a@example.edu'),
        person('f@example.edu', 'staff,yes,,2020-01-01,,,,school,,Imaginary Physics,no'),
      );
      let refused: unknown;
      try {
        await store.importRoster(cut, { file: 'cut.csv', maxDeactivateShare: 0.5 });
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(MassDeactivationError);
      expect(refused).toBeInstanceOf(StoreError);
      expect(refused).toMatchObject({
        file: 'cut.csv',
        active: 5,
        maxShare: 0.5,
        summary: { added: 1, updated: 0, deactivated: 4, unchanged: 1, dryRun: false },
        message:
          'Refusing to import "cut.csv": it would deactivate 4 of the 5 people on the current roster (80%), more than the 50% allowed.',
      });
      expect(await store.listPeople({ active: 'any' })).toEqual(before);
      expect((await store.stats()).lastRosterImport?.file).toBe('full.csv');
      // At the limit is allowed: 2 of 5 is 40%, under a half.
      expect(
        await store.importRoster(roster(...everyone.slice(2)), { file: 'most.csv', maxDeactivateShare: 0.5 }),
      ).toMatchObject({ deactivated: 2 });
      // Without a limit, the store does what it is told.
      expect(await store.importRoster(cut, { file: 'cut.csv' })).toMatchObject({ deactivated: 3, added: 1 });
    });

    it('adds, updates, deactivates and counts the unchanged; people who left are kept, inactive', async () => {
      const store = await storeAt(await tempDb());
      expect(
        await store.importRoster(
          roster(person('a@example.edu'), person('b@example.edu'), person('c@example.edu')),
          {
            file: 'r.csv',
          },
        ),
      ).toEqual({ added: 3, updated: 0, deactivated: 0, unchanged: 0, dryRun: false });
      const second = roster(
        person('a@example.edu'),
        person('b@example.edu', 'faculty,yes,,2012-09-01,,sabbatical,,school,,Imaginary Physics,no'),
        person('d@example.edu'),
      );
      expect(await store.importRoster(second, { file: 'r.csv' })).toEqual({
        added: 1,
        updated: 1,
        deactivated: 1,
        unchanged: 1,
        dryRun: false,
      });
      expect(await store.personByEmail('c@example.edu')).toMatchObject({
        active: false,
        profile: { email: 'c@example.edu' },
      });
      expect(await store.profileByEmail('c@example.edu')).toBeNull();
      expect(await store.profileByEmail('B@Example.edu')).toMatchObject({ leave: 'sabbatical' });
      expect(await store.countPeople()).toBe(3);
      expect(await store.countPeople({ active: 'any' })).toBe(4);
    });

    it('brings someone back who reappears, counted as updated', async () => {
      const store = await storeAt(await tempDb());
      await store.importRoster(roster(person('a@example.edu'), person('b@example.edu')), { file: 'r.csv' });
      await store.importRoster(roster(person('a@example.edu')), { file: 'r.csv' });
      expect(
        await store.importRoster(roster(person('a@example.edu'), person('b@example.edu')), { file: 'r.csv' }),
      ).toMatchObject({
        updated: 1,
        unchanged: 1,
      });
      expect((await store.personByEmail('b@example.edu'))?.active).toBe(true);
    });

    it('changes nothing on a dry run, yet says what it would do', async () => {
      const store = await storeAt(await tempDb());
      await store.importRoster(roster(person('a@example.edu')), { file: 'r.csv' });
      expect(
        await store.importRoster(roster(person('b@example.edu')), { file: 'r.csv', dryRun: true }),
      ).toEqual({
        added: 1,
        updated: 0,
        deactivated: 1,
        unchanged: 0,
        dryRun: true,
      });
      expect((await store.listPeople({ active: 'any' })).map((p) => [p.profile.email, p.active])).toEqual([
        ['a@example.edu', true],
      ]);
    });

    it('rolls the whole file back when a write fails at row 9,000', async () => {
      const path = await tempDb();
      const store = await storeAt(path);
      const first = parseRoster(syntheticRoster(9_500, content), 'big.csv', content);
      expect(first.issues).toEqual([]);
      await store.importRoster(first.records, { file: 'big.csv' });
      const before = await store.listPeople({ active: 'any' });

      // A trigger on a second connection makes the 9,000th person's write fail inside the import's transaction.
      await outsideQuery(path, FAIL_AT_9000[engine]);
      const changed = parseRoster(syntheticRoster(9_500, content, { seed: 7 }), 'big.csv', content);
      expect(changed.records[8_998]?.line).toBe(9_000);
      await expect(store.importRoster(changed.records.slice(0, 9_200), { file: 'big.csv' })).rejects.toThrow(
        'disk on fire',
      );
      expect(await store.listPeople({ active: 'any' })).toEqual(before);
      expect((await store.stats()).lastRosterImport).toMatchObject({ file: 'big.csv' });
    });

    it('keeps a Slack id the roster does not give, and moves one the roster gives to its new owner', async () => {
      const store = await storeAt(await tempDb());
      await store.importRoster(roster(person('a@example.edu'), person('b@example.edu')), { file: 'r.csv' });
      expect(await store.linkSlackUser('a@example.edu', 'U0AAA')).toBe(true);
      expect(await store.linkSlackUser('nobody@example.edu', 'U0BBB')).toBe(false);
      await store.importRoster(roster(person('a@example.edu'), person('b@example.edu')), { file: 'r.csv' });
      expect((await store.personBySlackId('U0AAA'))?.profile.email).toBe('a@example.edu');

      const { records } = parseRoster(
        `${HEADER},slack_user_id\n${person('a@example.edu')},\n${person('b@example.edu')},U0AAA\n`,
        'r.csv',
        content,
      );
      expect(await store.importRoster(records, { file: 'r.csv' })).toMatchObject({
        updated: 1,
        unchanged: 1,
      });
      expect((await store.personBySlackId('U0AAA'))?.profile.email).toBe('b@example.edu');
      expect((await store.personByEmail('a@example.edu'))?.slackUserId).toBeNull();
      expect(await store.personBySlackId('U0NOBODY')).toBeNull();
    });

    it('links several Slack users in one call, in order, each as linkSlackUser would', async () => {
      const store = await storeAt(await tempDb());
      await store.importRoster(roster(person('a@example.edu'), person('b@example.edu')), { file: 'r.csv' });
      expect(
        await store.linkSlackUsers([
          { email: ' A@example.edu', slackUserId: 'U0AAA' },
          { email: 'nobody@example.edu', slackUserId: 'U0NOBODY' },
          { email: 'b@example.edu', slackUserId: 'U0BBB' },
          // The same Slack id later in the batch: it moves to its new owner, as a later call would move it.
          { email: 'b@example.edu', slackUserId: 'U0AAA' },
        ]),
      ).toEqual([true, false, true, true]);
      expect((await store.personBySlackId('U0AAA'))?.profile.email).toBe('b@example.edu');
      expect((await store.personByEmail('a@example.edu'))?.slackUserId).toBeNull();
      expect(await store.personBySlackId('U0BBB')).toBeNull();
      expect(await store.linkSlackUsers([])).toEqual([]);
    });

    it('answers lookups asked together (one statement on PostgreSQL) as it answers them one at a time', async () => {
      const store = await storeAt(await tempDb());
      await loadExamples(store);
      await store.linkSlackUser('bram.placeholder@example.edu', 'U0BRAM');
      await store.grant({ email: 'bram.placeholder@example.edu', role: 'admin' });
      await store.grant({ email: 'bram.placeholder@example.edu', role: 'dept-admin', department: 'Physics' });
      const emails = [
        'bram.placeholder@example.edu',
        'nobody@example.edu',
        ...(await store.listPeople({ limit: 6 })).map((p) => p.profile.email),
        'BRAM.placeholder@example.edu ',
      ];
      const one = { people: [] as unknown[], grants: [] as unknown[] };
      for (const email of emails) {
        one.people.push(await store.personByEmail(email));
        one.grants.push(await store.grants(email));
      }
      expect(await Promise.all(emails.map((email) => store.personByEmail(email)))).toEqual(one.people);
      expect(await Promise.all(emails.map((email) => store.grants(email)))).toEqual(one.grants);
      expect(one.grants[0]).toHaveLength(2);
      const ids = ['U0BRAM', 'U0NOBODY', 'U0BRAM'];
      expect(await Promise.all(ids.map((id) => store.personBySlackId(id)))).toEqual([
        await store.personByEmail('bram.placeholder@example.edu'),
        null,
        await store.personByEmail('bram.placeholder@example.edu'),
      ]);
    });

    it('leaves a batch of links (ids moved, swapped, given twice) as the same links one at a time would', async () => {
      const emails = ['a', 'b', 'c', 'd', 'nobody'].map((name) => `${name}@example.edu`);
      const [batched, single] = [await storeAt(await tempDb()), await storeAt(await tempDb())];
      for (const store of [batched, single])
        await store.importRoster(roster(...emails.slice(0, 4).map((email) => person(email))), {
          file: 'r.csv',
        });
      let seed = 7;
      const pick = <T>(items: readonly T[]) => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return items[seed % items.length] as T;
      };
      const linksOf = async (store: Store) =>
        (await store.listPeople({ active: 'any' })).map((p) => [p.profile.email, p.slackUserId]);
      for (let round = 0; round < 12; round++) {
        const links = Array.from({ length: 1 + (round % 6) }, () => ({
          email: pick(emails),
          slackUserId: pick(['U0X', 'U0Y', 'U0Z']),
        }));
        const one: boolean[] = [];
        for (const link of links) one.push(await single.linkSlackUser(link.email, link.slackUserId));
        expect(await batched.linkSlackUsers(links)).toEqual(one);
        expect(await linksOf(batched)).toEqual(await linksOf(single));
      }
    });
  });

  describe('completions import', async () => {
    it('is idempotent, keeps every completion (the earliest counts for the cycle), and reports unknown emails with their lines', async () => {
      const store = await storeAt(await tempDb());
      await store.importRoster(roster(person('a@example.edu'), person('b@example.edu')), { file: 'r.csv' });
      const rows = completions(
        'a@example.edu,C,2021-02-10',
        'ghost@example.edu,C,2021-02-01',
        'a@example.edu,E,2021-02-03',
        'A@example.edu,C,2021-02-12',
      );
      expect(await store.importCompletions(rows)).toEqual({
        recorded: 3,
        earlier: 0,
        unchanged: 0,
        unknown: [{ line: 3, email: 'ghost@example.edu' }],
        dryRun: false,
      });
      expect(await store.importCompletions(rows)).toMatchObject({ recorded: 0, earlier: 0, unchanged: 3 });
      const a = await store.profileByEmail('a@example.edu');
      expect(a?.completed).toEqual({ module: 'E', on: '2021-02-03' });
      // The history, by day: a second completion of Course C is a completion of its own.
      expect(a?.completions).toEqual([
        { module: 'E', on: '2021-02-03' },
        { module: 'C', on: '2021-02-10' },
        { module: 'C', on: '2021-02-12' },
      ]);

      expect(await store.importCompletions(completions('a@example.edu,C,2021-01-30'))).toMatchObject({
        recorded: 0,
        earlier: 1,
      });
      expect((await store.profileByEmail('a@example.edu'))?.completed).toEqual({
        module: 'C',
        on: '2021-01-30',
      });
      expect((await store.profileByEmail('a@example.edu'))?.completions).toHaveLength(4);
      const b = await store.profileByEmail('b@example.edu');
      expect([b?.completed, b?.completions]).toEqual([undefined, undefined]);
    });

    it('changes nothing on a dry run', async () => {
      const store = await storeAt(await tempDb());
      await store.importRoster(roster(person('a@example.edu')), { file: 'r.csv' });
      expect(
        await store.importCompletions(completions('a@example.edu,C,2021-02-10'), { dryRun: true }),
      ).toMatchObject({
        recorded: 1,
        dryRun: true,
      });
      expect((await store.profileByEmail('a@example.edu'))?.completed).toBeUndefined();
    });

    it('counts only the completions of the cycle the store was opened with', async () => {
      const path = await tempDb();
      const store = await storeAt(path);
      await store.importRoster(roster(person('a@example.edu')), { file: 'r.csv' });
      await store.importCompletions(completions('a@example.edu,C,2021-02-10'));
      await store.close();
      const next = await openStore({
        path,
        schedule: { ...content.schedule, cycle: { ...content.schedule.cycle, name: 'Next cycle' } },
      });
      open.push(next);
      expect((await next.profileByEmail('a@example.edu'))?.completed).toBeUndefined();
      expect(await next.countPeople({ completed: false })).toBe(1);
    });
  });

  describe('the demo roster', async () => {
    it('puts each person in the training group the rules give them', async () => {
      const store = await storeAt(await tempDb());
      await loadExamples(store);
      const everyone = await store.listPeople();
      expect(everyone.length).toBeGreaterThanOrEqual(40);
      for (const group of content.schedule.groups) {
        const expected = everyone
          .filter((p) => groupFor(p.profile, content)?.id === group.id)
          .map((p) => p.profile.email);
        expect(expected.length, group.id).toBeGreaterThan(0);
        expect((await store.listPeople({ group: group.id })).map((p) => p.profile.email)).toEqual(expected);
      }
    });

    it('lists who in a group and department has not completed', async () => {
      const store = await storeAt(await tempDb());
      await loadExamples(store);
      expect(
        (
          await store.listPeople({ group: 'all-schools', department: 'Imaginary Physics', completed: false })
        ).map((p) => p.profile.email),
      ).toEqual([
        'bram.placeholder@example.edu',
        'edda.fakename@example.edu',
        'lars.mockup@example.edu',
        'nico.imaginary@example.edu',
        'pia.notreal@example.edu',
      ]);
      expect(await store.countPeople({ group: 'vp-research', completed: true })).toBe(2);
      expect(await store.departments()).toContain('Research Administration (Demo)');
      await expect(store.listPeople({ group: 'everyone' })).rejects.toThrow(
        'Unknown training group "everyone", expected one of graduate-students, all-schools, vp-research, central-academic-admin.',
      );
    });

    it('fills in the earliest completion of someone with two', async () => {
      const store = await storeAt(await tempDb());
      expect(await loadExamples(store)).toMatchObject({ unknown: [] });
      expect((await store.profileByEmail('sami.testwell@example.edu'))?.completed).toEqual({
        module: 'C',
        on: '2021-02-25',
      });
      expect((await store.personBySlackId('U0DEMO0001'))?.profile).toMatchObject({
        email: 'ada.example@example.edu',
        completed: { module: 'C', on: '2021-02-01' },
      });
    });
  });

  describe('who is asking', () => {
    it('is found by email or Slack id with exactly what listing them reads: every completion, the first, the earlier', async () => {
      const path = await tempDb();
      const first = await storeAt(path);
      await loadExamples(first);
      const sameAsListed = async (store: Store) => {
        const everyone = await store.listPeople({ active: 'any' });
        expect(everyone.some((p) => p.profile.earlierCompletion)).toBe(store !== first);
        for (const person of everyone) {
          expect(await store.personByEmail(` ${person.profile.email.toUpperCase()} `)).toStrictEqual(person);
          if (person.slackUserId)
            expect(await store.personBySlackId(person.slackUserId)).toStrictEqual(person);
        }
        expect(await store.personByEmail('nobody@example.edu')).toBeNull();
        expect(await store.personBySlackId('U0NOBODY01')).toBeNull();
      };
      await first.linkSlackUser('sami.testwell@example.edu', 'U0SAMI0001');
      await sameAsListed(first);
      await first.close();
      // The next cycle: the same course on the same day again (one completion in the history), two courses on
      // one day (the first and the earlier by module), and someone with completions in the earlier cycle only.
      const next = await openStore({
        path,
        schedule: { ...content.schedule, cycle: { ...content.schedule.cycle, name: 'Next cycle' } },
      });
      open.push(next);
      await next.importCompletions(
        completions(
          'ada.example@example.edu,C,2021-02-05',
          'ada.example@example.edu,E,2022-01-10',
          'ada.example@example.edu,C,2022-01-10',
          'sami.testwell@example.edu,E,2022-02-01',
        ),
      );
      await sameAsListed(next);
      expect((await next.personBySlackId('U0DEMO0001'))?.profile).toMatchObject({
        completed: { module: 'C', on: '2021-02-05' },
        earlierCompletion: { module: 'C', on: '2021-02-05', cycle: content.schedule.cycle.name },
        completions: [
          { module: 'C', on: '2021-02-01' },
          { module: 'C', on: '2021-02-05' },
          { module: 'C', on: '2022-01-10' },
          { module: 'E', on: '2022-01-10' },
        ],
      });
      // Without a schedule, every completion counts as the cycle's.
      await next.close();
      const any = await openStore({ path });
      open.push(any);
      for (const person of await any.listPeople({ active: 'any' }))
        expect(await any.personByEmail(person.profile.email)).toStrictEqual(person);
    });
  });

  describe('what deadlines relative to the person read (examples/institutions/bayline)', async () => {
    const bayline = loadContent(resolve(EXAMPLES, 'institutions/bayline'));
    const baylineStore = async (location: string) => {
      const store = await openStore({ path: location, schedule: bayline.schedule, now: () => new Date() });
      open.push(store);
      return store;
    };
    const baylineRoster = (text: string) => {
      const { records, issues } = parseRoster(text, 'roster.csv', bayline);
      expect(issues).toEqual([]);
      return records;
    };
    const file = readFileSync(join(EXAMPLES, 'institutions/bayline/roster.csv'), 'utf8');

    it('keeps the promotion date, seasonal work, hours worked and time zone through import and reopening', async () => {
      const location = await tempDb();
      let store = await baylineStore(location);
      expect(await store.importRoster(baylineRoster(file), { file: 'roster.csv' })).toMatchObject({
        added: 11,
      });
      await store.close();
      store = await baylineStore(location);
      expect(await store.profileByEmail('paco.promoted@example.com')).toMatchObject({
        role: 'warehouse_associate',
        supervisor: true,
        roleStart: '2026-11-27',
        seasonal: false,
      });
      expect(await store.profileByEmail('sam.seasonal@example.com')).toMatchObject({
        seasonal: true,
        hoursWorked: 90,
        timeZone: 'America/Los_Angeles',
      });
      const nora = await store.profileByEmail('nora.newhire@example.com');
      expect([nora?.roleStart, nora?.hoursWorked, nora?.seasonal]).toEqual([undefined, undefined, false]);
      // The same file again changes nothing; the next night's hours (and a fraction of one) are an update.
      expect(await store.importRoster(baylineRoster(file), { file: 'roster.csv' })).toMatchObject({
        updated: 0,
        unchanged: 11,
      });
      const later = file.replace(',yes,90,', ',yes,97.5,');
      expect(await store.importRoster(baylineRoster(later), { file: 'roster.csv' })).toMatchObject({
        updated: 1,
        unchanged: 10,
      });
      expect((await store.profileByEmail('sam.seasonal@example.com'))?.hoursWorked).toBe(97.5);
      // Every person as listed carries them too (the audience of a reminder reads the list).
      const listed = await store.listPeople({
        emails: ['sam.seasonal@example.com', 'uma.agency@example.com'],
      });
      expect(listed.map((p) => [p.profile.email, p.profile.hoursWorked, p.profile.timeZone])).toEqual([
        ['sam.seasonal@example.com', 97.5, 'America/Los_Angeles'],
        ['uma.agency@example.com', 104, 'America/Denver'],
      ]);
    });

    it('keeps a retaken course as a completion of its own, every one in the profile by day', async () => {
      const store = await baylineStore(await tempDb());
      await store.importRoster(baylineRoster(file), { file: 'roster.csv' });
      const report = (...rows: string[]) => {
        const { records, issues } = parseCompletions(
          `email,module,completed_on\n${rows.join('\n')}\n`,
          'lms.csv',
          bayline,
        );
        expect(issues).toEqual([]);
        return records;
      };
      await store.importCompletions(
        report('rita.refresher@example.com,E,2024-11-04', 'paco.promoted@example.com,E,2025-05-02'),
      );
      // Two years on, Rita retakes the course and Paco, now a supervisor, takes his: the next report lists them.
      expect(
        await store.importCompletions(
          report(
            'rita.refresher@example.com,E,2024-11-04',
            'rita.refresher@example.com,E,2026-11-10',
            'paco.promoted@example.com,E,2025-05-02',
            'paco.promoted@example.com,S,2026-12-01',
          ),
        ),
      ).toMatchObject({ recorded: 2, earlier: 0, unchanged: 2 });
      expect((await store.profileByEmail('rita.refresher@example.com'))?.completions).toEqual([
        { module: 'E', on: '2024-11-04' },
        { module: 'E', on: '2026-11-10' },
      ]);
      const [paco] = await store.listPeople({ emails: ['paco.promoted@example.com'] });
      expect(paco?.profile.completions).toEqual([
        { module: 'E', on: '2025-05-02' },
        { module: 'S', on: '2026-12-01' },
      ]);
      expect((await store.stats()).completions).toBe(4);
    });
  });

  describe('access grants', async () => {
    it('grants, lists, and revokes admin and department admin rights', async () => {
      const store = await storeAt(await tempDb());
      expect(await store.grant({ email: 'Rhea.Admin@example.edu', role: 'admin' })).toBe(true);
      expect(await store.grant({ email: 'rhea.admin@example.edu', role: 'admin' })).toBe(false);
      await store.grant({ email: 'seth@example.edu', role: 'dept-admin', department: 'Imaginary Physics' });
      await store.grant({ email: 'seth@example.edu', role: 'dept-admin', department: 'Example Chemistry' });
      expect(await store.grants('SETH@example.edu')).toEqual([
        { email: 'seth@example.edu', role: 'dept-admin', department: 'Example Chemistry' },
        { email: 'seth@example.edu', role: 'dept-admin', department: 'Imaginary Physics' },
      ]);
      expect(await store.grants('someone@example.edu')).toEqual([]);
      expect(
        await store.revoke({
          email: 'seth@example.edu',
          role: 'dept-admin',
          department: 'Example Chemistry',
        }),
      ).toBe(true);
      expect(
        await store.revoke({
          email: 'seth@example.edu',
          role: 'dept-admin',
          department: 'Example Chemistry',
        }),
      ).toBe(false);
      expect(await store.listGrants()).toEqual([
        { email: 'rhea.admin@example.edu', role: 'admin' },
        { email: 'seth@example.edu', role: 'dept-admin', department: 'Imaginary Physics' },
      ]);
      await expect(
        store.grant({ email: 'x@example.edu', role: 'dept-admin', department: ' ' }),
      ).rejects.toThrow(StoreError);
    });
  });

  describe('the Slack directory', () => {
    it('gives a user id its account while the cache is current, by the sync rule; else nothing', async () => {
      let at = new Date('2021-02-01T12:00:00Z').getTime();
      const store = await storeAt(await tempDb(), () => new Date(at));
      expect(await store.directory.currentDirectoryByUser('UAAA')).toBeNull();
      await store.directory.replaceDirectory([
        { userId: 'UAAA', email: 'A@example.edu', deleted: false, isBot: false, tz: 'America/Chicago' },
        { userId: 'UBBB', email: null, deleted: true, isBot: false, tz: null },
      ]);
      const a = {
        userId: 'UAAA',
        email: 'a@example.edu',
        deleted: false,
        isBot: false,
        tz: 'America/Chicago',
      };
      expect(await store.directory.currentDirectoryByUser('UAAA')).toEqual(a);
      expect(await store.directory.currentDirectoryByUser('UBBB')).toMatchObject({ deleted: true });
      expect(await store.directory.currentDirectoryByUser('UCCC')).toBeNull();
      // Asked together (one statement on PostgreSQL): each its own answer.
      expect(
        await Promise.all(['UCCC', 'UAAA', 'UAAA'].map((id) => store.directory.currentDirectoryByUser(id))),
      ).toEqual([null, a, a]);
      at += DIRECTORY_MAX_AGE_MS - 1;
      expect(await store.directory.currentDirectoryByUser('UAAA')).toEqual(a);
      at += 1;
      expect(await store.directory.currentDirectoryByUser('UAAA')).toBeNull();
      expect(await store.directory.currentDirectoryByUser('UAAA', 2 * DIRECTORY_MAX_AGE_MS)).toEqual(a);
    });
  });

  describe('the database file', async () => {
    it('is reopened from disk with everything in it, and migrations run once', async () => {
      const path = await tempDb();
      const store = await storeAt(path);
      await loadExamples(store);
      await store.grant({ email: 'rhea.admin@example.edu', role: 'admin' });
      const before = await store.listPeople({ active: 'any' });
      await store.close();

      const reopened = await storeAt(path);
      expect(await reopened.listPeople({ active: 'any' })).toEqual(before);
      expect(await reopened.grants('rhea.admin@example.edu')).toEqual([
        { email: 'rhea.admin@example.edu', role: 'admin' },
      ]);
      expect(await reopened.stats()).toMatchObject({
        schemaVersion: MIGRATIONS.length,
        people: before.length,
      });
      await reopened.close();

      if (engine === 'sqlite') {
        const raw = new Database(path, { readonly: true });
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        raw.close();
      }
      const tables =
        engine === 'sqlite'
          ? "SELECT count(*) AS n FROM sqlite_master WHERE name = 'people'"
          : "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'people' AND table_schema = current_schema()";
      expect((await outsideQuery<{ n: number | string }>(path, tables)).map((r) => Number(r.n))).toEqual([1]);
    });

    it('is one handle: every repository writes through it, and one close closes them all', async () => {
      const path = await tempDb();
      const store = await storeAt(path);
      await store.importRoster(roster(person('a@example.edu')), { file: 'r.csv' });
      const campaignId = await store.campaigns.createCampaign({
        kind: 'reminder',
        createdBy: 'test',
        spec: {},
        recipients: 1,
        deliveries: [{ personId: (await store.personByEmail('a@example.edu'))?.id ?? null, target: 'UAAA' }],
      });
      await store.directory.replaceDirectory([
        { userId: 'UAAA', email: 'A@example.edu', deleted: false, isBot: false, tz: 'America/Chicago' },
      ]);
      await store.feedback.record('sabbatical', 'up');
      await store.misses.recordMiss({ text: 'kept', reason: 'unknown', day: '2021-02-01' });
      expect(await store.campaigns.counts(campaignId ?? 0)).toMatchObject({ pending: 1, total: 1 });
      expect(await store.directory.directoryByEmail('a@example.edu')).toMatchObject({
        userId: 'UAAA',
        tz: 'America/Chicago',
      });
      await store.close();
      for (const use of [
        async () => await store.personByEmail('a@example.edu'),
        async () => await store.campaigns.listCampaigns(),
        async () => await store.directory.directorySyncedAt(),
        async () => await store.misses.listMisses(),
        async () => await store.grants('a@example.edu'),
      ]) {
        await expect(use()).rejects.toThrow(/not open/);
      }
      await expect(store.feedback.counts()).rejects.toThrow(/not open|after calling end/);
      const again = await storeAt(path);
      expect(await again.feedback.counts()).toEqual([{ faqId: 'sabbatical', helpful: 1, unhelpful: 0 }]);
      expect((await again.misses.listMisses()).map((m) => m.text)).toEqual(['kept']);
    });
  });
});

describe('the SQLite file', () => {
  const tempDb = sqliteFile;

  it('makes a backup that opens as a store with the same records', async () => {
    const path = tempDb();
    const store = await storeAt(path);
    await loadExamples(store);
    const copy = join(mkdtempSync(join(tmpdir(), 'backup-')), 'deeper', 'copy.db');
    await store.backup(copy);
    await expect(store.backup(path)).rejects.toThrow('Refusing to back up the database onto itself');
    const restored = await storeAt(copy);
    expect(await restored.listPeople({ active: 'any' })).toEqual(await store.listPeople({ active: 'any' }));
  });
});

describe('the identity lookup on SQLite', () => {
  it('is one statement, by Slack id or by email: the person and every completion of theirs', async () => {
    const store = await storeAt(sqliteFile());
    await loadExamples(store);
    // Every read the store makes runs a prepared statement's all(): counted on their shared prototype.
    const probe = new Database(':memory:');
    const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as {
      all: (...args: unknown[]) => unknown;
    };
    probe.close();
    const { all } = statement;
    let reads = 0;
    statement.all = function (this: unknown, ...args: unknown[]) {
      reads++;
      return all.apply(this, args);
    };
    try {
      expect((await store.personBySlackId('U0DEMO0001'))?.profile.completions).toHaveLength(2);
      expect((await store.personByEmail('hugo.notreal@example.edu'))?.profile.completed).toBeDefined();
      expect(reads).toBe(2);
    } finally {
      statement.all = all;
    }
  });
});

describe('PostgreSQL', () => {
  it('has no file to back up: db backup says to use pg_dump', async () => {
    const store = await openStore({ path: await freshLocation('postgres'), schedule: content.schedule });
    open.push(store);
    await expect(store.backup('/tmp/copy.db')).rejects.toThrow('pg_dump');
    expect(store.path).toMatch(/^postgres:\/\//);
  });

  it('names a server it cannot reach without the password', async () => {
    const url = 'postgres://bot:hunter2@127.0.0.1:1/training';
    await expect(openStore({ path: url })).rejects.toThrow(
      /^Cannot open the database "postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/training": .*ECONNREFUSED/,
    );
  });
});
