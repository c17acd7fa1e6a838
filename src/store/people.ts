// People from the HR roster and their completions from the LMS report: the roster's two repositories.

import {
  CompiledQuery,
  type Expression,
  type ExpressionBuilder,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import { coalesce } from '../coalesce.js';
import { groupFor } from '../content/group.js';
import type { Profile } from '../content/profile.js';
import type { ScheduleFile } from '../content/schemas.js';
import { compiledOnce, keepPrepared } from './compiled.js';
import type { Connection, StoreConnection } from './connection.js';
import { StoreError } from './errors.js';
import type { CompletionRecord, RosterRecord } from './rows.js';
import type { PeopleTable, Schema } from './schema.js';

/**
 * A person as stored: their profile (with `completed`, this cycle's earliest completion, and `completions`, every
 * one the LMS reports have listed) and what the app keeps about them.
 */
export interface Person {
  id: number;
  profile: Profile & { email: string };
  /** False once they are missing from a roster import: kept, never deleted. */
  active: boolean;
  slackUserId: string | null;
  slackLinkedAt: string | null;
  lastSeenInRoster: string | null;
}

export interface PeopleFilter {
  /** Default true: people who left the roster are left out unless asked for. */
  active?: boolean | 'any';
  department?: string | readonly string[];
  /** A training group id: those the roster puts in it, else those src/content/group.ts places in it. */
  group?: string;
  /** Whether they have a completion in the cycle. */
  completed?: boolean;
  /** Only people with (true) or without (false) a known Slack user id. */
  hasSlackUser?: boolean;
  /** Paging (listPeople, which orders by email): only people whose email sorts after this one… */
  afterEmail?: string;
  /** …and at most this many. */
  limit?: number;
  /** Only these people (a campaign's page of deliveries, read in one query). */
  emails?: readonly string[];
}

export interface RosterImportSummary {
  added: number;
  /** Changed fields, a new Slack id, or back on the roster after being deactivated. */
  updated: number;
  deactivated: number;
  unchanged: number;
  dryRun: boolean;
}

export interface CompletionsImportSummary {
  /** Completions not seen before (a retake of a course included). */
  recorded: number;
  /**
   * Completions not seen before, dated before every one of the same course and cycle already recorded: the day
   * the cycle's completion counts from moved earlier (recorded as well, not counted in `recorded`).
   */
  earlier: number;
  unchanged: number;
  /** Rows whose email is not on the roster: not recorded. */
  unknown: { line: number; email: string }[];
  dryRun: boolean;
}

/**
 * An import that would deactivate more of the current roster than allowed: rolled back, nothing changed. A
 * truncated HR export looks exactly like this, and would silence reminders for everyone cut off.
 */
export class MassDeactivationError extends StoreError {
  static override readonly code = 'roster_mass_deactivation';
  static override readonly expected = true;
  override name = 'MassDeactivationError';
  constructor(
    readonly file: string,
    /** What the import would have done. */
    readonly summary: RosterImportSummary,
    /** People on the roster before the import. */
    readonly active: number,
    readonly maxShare: number,
  ) {
    super(
      `Refusing to import ${JSON.stringify(file)}: it would deactivate ${summary.deactivated} of the ${active} people on the current roster (${percent(summary.deactivated / active)}), more than the ${percent(maxShare)} allowed.`,
    );
  }
}

/** 0.7777 → "78%", 0.1 → "10%". */
function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export interface RosterImportOptions {
  file: string;
  dryRun?: boolean;
  /**
   * Refuse (MassDeactivationError) when more than this share of the active people would be deactivated.
   * Absent: no limit.
   */
  maxDeactivateShare?: number;
}

/** A roster email and the Slack user who has it. */
export interface SlackLink {
  email: string;
  slackUserId: string;
}

export interface PeopleRepository {
  /** Replaces the roster in one transaction: people missing from `records` become inactive. */
  importRoster(records: readonly RosterRecord[], options: RosterImportOptions): Promise<RosterImportSummary>;
  personByEmail(email: string): Promise<Person | null>;
  personBySlackId(slackUserId: string): Promise<Person | null>;
  /**
   * The profile of someone on the current roster (inactive people: null), with this cycle's earliest completion
   * and every completion recorded.
   */
  profileByEmail(email: string): Promise<Profile | null>;
  /** Remembers the Slack user of a roster email (taking the id from anyone else who had it); false if unknown. */
  linkSlackUser(email: string, slackUserId: string): Promise<boolean>;
  /**
   * linkSlackUser for several people in one transaction, in order (the first people a burst of DMs brings): for each,
   * whether the email was on the roster. One that fails rolls back all of them.
   */
  linkSlackUsers(links: readonly SlackLink[]): Promise<boolean[]>;
  listPeople(filter?: PeopleFilter): Promise<Person[]>;
  countPeople(filter?: PeopleFilter): Promise<number>;
  /** The departments of active people, sorted. */
  departments(): Promise<string[]>;
}

/** A completions import as recorded (not for a dry run): when, which file, what it changed. */
export interface CompletionsImportRecord {
  file: string;
  importedAt: string;
  rows: number;
  recorded: number;
  earlier: number;
  unchanged: number;
  /** Rows whose email is not on the roster. */
  unknown: number;
}

export interface CompletionsRepository {
  /**
   * Adds LMS completions in one transaction. Every completion is kept (person, cycle, module and day: a retake
   * is one more); the earliest in the cycle is the cycle's, the latest of a course is what a refresher counts
   * from. With `file`, the import is recorded (unless a dry run) for `lastCompletionsImport`.
   */
  importCompletions(
    records: readonly CompletionRecord[],
    options?: { dryRun?: boolean; file?: string },
  ): Promise<CompletionsImportSummary>;
  lastCompletionsImport(): Promise<CompletionsImportRecord | null>;
}

export interface RosterContext {
  /**
   * The cycle and its groups: completions are recorded and counted per cycle, and the `group` filter follows
   * the groups' order. Without it, every completion counts and `group` cannot be filtered on.
   */
  schedule: Pick<ScheduleFile, 'cycle' | 'groups'> | undefined;
  now: () => Date;
}

/** A row of people as read, with the completions the person queries join in. */
type PersonRow = Selectable<PeopleTable> & {
  first_completion?: string | null;
  /** The latest completion of another cycle, as "CYCLE\u001fYYYY-MM-DD M". */
  earlier_completion?: string | null;
};

/** The roster's columns in the order of the insert/update statements. */
const PROFILE_COLUMNS = [
  'name',
  'role',
  'paid',
  'study_year',
  'start_date',
  'appointment_end',
  'leave',
  'graduating',
  'area',
  'group_id',
  'department',
  'supervisor',
  'role_start',
  'seasonal',
  'hours_worked',
  'time_zone',
] as const;
type ProfileColumns = Pick<PeopleTable, (typeof PROFILE_COLUMNS)[number]>;
type NewPerson = ProfileColumns & {
  email: string;
  slack_user_id: string | null;
  slack_linked_at: string | null;
  seen: string;
};

// Rows per multi-row INSERT and ids per IN (…): well under both engines' limits on bound parameters.
const INSERT_CHUNK = 500;
const ID_CHUNK = 1000;
// Links per pair of statements (linkSlackUsers): two parameters each in one, up to three in the other.
const LINK_CHUNK = 1000;

async function inChunks<T>(
  items: readonly T[],
  size: number,
  work: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
}

class Rollback extends Error {}

type People = ExpressionBuilder<Schema & { p: Schema['people'] }, 'p'>;

export function createPeopleRepositories(
  connection: StoreConnection,
  context: RosterContext,
): PeopleRepository & CompletionsRepository {
  const { db } = connection;
  const { now } = context;
  const cycle = context.schedule?.cycle.name ?? null;
  const groups = context.schedule?.groups ?? null;

  // The earliest completion in the cycle as "YYYY-MM-DD M" (one indexed lookup per person), and the latest of
  // another cycle as "CYCLE\u001fYYYY-MM-DD M", for a list of people (onePerson picks them from its join instead).
  const people = () =>
    db
      .selectFrom('people as p')
      .selectAll('p')
      .select(
        sql<string | null>`(SELECT c.completed_on || ' ' || c.module FROM completions c
          WHERE c.person_id = p.id${cycle === null ? sql`` : sql` AND c.cycle = ${cycle}`}
          ORDER BY c.completed_on, c.module LIMIT 1)`.as('first_completion'),
      )
      .select(
        cycle === null
          ? sql<string | null>`NULL`.as('earlier_completion')
          : sql<
              string | null
            >`(SELECT c.cycle || ${'\u001f'} || c.completed_on || ' ' || c.module FROM completions c
          WHERE c.person_id = p.id AND c.cycle <> ${cycle}
          ORDER BY c.completed_on DESC, c.module LIMIT 1)`.as('earlier_completion'),
      );

  /** Runs `work` in one write transaction; a dry run rolls it back but still returns what it would have done. */
  async function atomically<T>(dryRun: boolean, work: (trx: Connection) => Promise<T>): Promise<T> {
    let result: T | undefined;
    try {
      await connection.writing(async (trx) => {
        result = await work(trx);
        if (dryRun) throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return result as T;
  }

  function where(filter: PeopleFilter) {
    if (filter.group !== undefined) checkGroup(filter.group);
    return (eb: People): Expression<SqlBool> => {
      const terms: Expression<SqlBool>[] = [];
      const active = filter.active ?? true;
      // A page (paging by email) walks the email index: on `active` SQLite would take the (active, department)
      // index and sort the whole roster for every page of 100 (84 ms a page on 100,000 people, not 1 ms).
      // The unary + keeps the term out of index choice on both engines.
      if (active !== 'any')
        terms.push(
          filter.limit !== undefined
            ? sql<SqlBool>`+p.active = ${active ? 1 : 0}`
            : eb('p.active', '=', active ? 1 : 0),
        );
      if (filter.department !== undefined) {
        const list = typeof filter.department === 'string' ? [filter.department] : [...filter.department];
        terms.push(list.length === 0 ? sql<SqlBool>`1 = 0` : eb('p.department', 'in', list));
      }
      // The candidates for a group: SQL keeps those the roster puts in it or in none; the shared matcher in
      // src/rules decides the rest, so the store's groups are the rules' groups.
      if (filter.group !== undefined)
        terms.push(eb.or([eb('p.group_id', '=', filter.group), eb('p.group_id', 'is', null)]));
      if (filter.completed !== undefined) {
        const done = eb.exists(
          eb
            .selectFrom('completions as c')
            .select(sql`1`.as('one'))
            .whereRef('c.person_id', '=', 'p.id')
            .$if(cycle !== null, (q) => q.where('c.cycle', '=', cycle as string)),
        );
        terms.push(filter.completed ? done : eb.not(done));
      }
      if (filter.hasSlackUser !== undefined)
        terms.push(eb('p.slack_user_id', filter.hasSlackUser ? 'is not' : 'is', null));
      if (filter.afterEmail !== undefined) terms.push(eb('p.email', '>', filter.afterEmail));
      if (filter.emails !== undefined)
        terms.push(
          filter.emails.length === 0 ? sql<SqlBool>`1 = 0` : eb('p.email', 'in', [...filter.emails]),
        );
      return eb.and(terms);
    };
  }

  function checkGroup(groupId: string): void {
    if (!groups)
      throw new StoreError('Filtering by training group needs the schedule: pass it to openStore.');
    if (!groups.some((g) => g.id === groupId))
      throw new StoreError(
        `Unknown training group "${groupId}", expected one of ${groups.map((g) => g.id).join(', ')}.`,
      );
  }
  const inGroup = (filter: PeopleFilter) => (person: Person) =>
    filter.group === undefined ||
    groupFor(person.profile, { schedule: { groups: groups ?? [] } })?.id === filter.group;

  /**
   * Every completion of these people, in `profile.completions` (by day, then module): what a refresher counts
   * from and the history the status shows. A few statements per page of people, not one per person.
   */
  async function withCompletions(persons: Person[]): Promise<Person[]> {
    const byId = new Map(persons.map((p) => [p.id, p]));
    await inChunks([...byId.keys()], ID_CHUNK, async (ids) => {
      const rows = await db
        .selectFrom('completions')
        .select(['person_id', 'module', 'completed_on'])
        .where('person_id', 'in', ids)
        .orderBy('completed_on')
        .orderBy('module')
        .execute();
      for (const row of rows) {
        const profile = byId.get(row.person_id)?.profile;
        if (!profile) continue;
        profile.completions ??= [];
        addToHistory(profile.completions, row.module, row.completed_on);
      }
    });
    return persons;
  }

  /**
   * The statement `onePerson` runs for a column, built and compiled once: kysely building and compiling it was
   * about half of the lookup's CPU. Its one parameter is the value looked up.
   */
  const onePersonQueries = new Map<OnePersonColumn, string>();
  /** A person's row joined to each completion of theirs (onePerson's rows). */
  const personWithHistory = () =>
    db
      .selectFrom('people as p')
      .leftJoin('completions as h', 'h.person_id', 'p.id')
      .selectAll('p')
      .select(['h.cycle as h_cycle', 'h.module as h_module', 'h.completed_on as h_on']);
  const onePersonQuery = (column: OnePersonColumn): string => {
    let text = onePersonQueries.get(column);
    if (text === undefined) {
      const compiled = personWithHistory()
        .where(column, '=', '')
        .orderBy('h.completed_on')
        .orderBy('h.module')
        .compile();
      if (compiled.parameters.length !== 1) throw new StoreError(`${column}: one parameter expected`);
      text = compiled.sql;
      keepPrepared(text);
      onePersonQueries.set(column, text);
    }
    return text;
  };

  /**
   * The one person with this email or Slack id (both unique) in one statement: their row joined to every completion
   * of theirs, a row each by day then module (one row of nulls for none). The cycle's first completion and the
   * latest of another are picked from those rows as people()'s two subqueries pick them, which the join would run
   * again for every row. Who is asking is looked up with each DM.
   */
  async function onePerson(column: OnePersonColumn, value: string): Promise<Person | null> {
    const { rows } = await db.executeQuery<OnePersonRow>(CompiledQuery.raw(onePersonQuery(column), [value]));
    return personFromRows(rows);
  }

  /** A person from onePerson's rows (theirs alone, in its order); null for none. */
  function personFromRows(rows: readonly OnePersonRow[]): Person | null {
    const [row] = rows;
    if (!row) return null;
    let first: Completed | undefined;
    let earlier: Completed | undefined;
    const history: NonNullable<Profile['completions']> = [];
    for (const { h_cycle: inCycle, h_module: module, h_on: on } of rows) {
      if (inCycle === null || module === null || on === null) continue;
      addToHistory(history, module, on);
      // In order by day then module: the first of the cycle is the earliest; the latest of another cycle is the
      // last day's first module (ORDER BY completed_on DESC, module LIMIT 1).
      if (cycle === null || inCycle === cycle) first ??= { module, on, cycle: inCycle };
      else if (!earlier || on > earlier.on) earlier = { module, on, cycle: inCycle };
    }
    return personOf(row, first, earlier, history);
  }

  /**
   * onePerson for the lookups asked together, in one statement (PostgreSQL: connection.coalesceReads): the same
   * join for every value at once, each person's rows in onePerson's order.
   */
  const manyPersons = (column: OnePersonColumn) =>
    coalesce<string, Person | null>(async (values) => {
      const key = column === 'p.email' ? 'email' : 'slack_user_id';
      const found = new Map<string, OnePersonRow[]>();
      await inChunks([...new Set(values)], ID_CHUNK, async (chunk) => {
        const rows = (await personWithHistory()
          .where(column, 'in', chunk)
          .orderBy(column)
          .orderBy('h.completed_on')
          .orderBy('h.module')
          .execute()) as OnePersonRow[];
        for (const row of rows) {
          const value = row[key] as string;
          const own = found.get(value);
          if (own) own.push(row);
          else found.set(value, [row]);
        }
      });
      return values.map((value) => personFromRows(found.get(value) ?? []));
    });
  const lookUp: Record<OnePersonColumn, (value: string) => Promise<Person | null>> = connection.coalesceReads
    ? { 'p.email': manyPersons('p.email'), 'p.slack_user_id': manyPersons('p.slack_user_id') }
    : {
        'p.email': (value) => onePerson('p.email', value),
        'p.slack_user_id': (value) => onePerson('p.slack_user_id', value),
      };

  // Built and compiled once (compiled.ts): an import that moves a Slack id runs it.
  const releaseStatement = compiledOnce<{ slackUserId: string; email: string }, unknown>((value) =>
    db
      .updateTable('people')
      .set({ slack_user_id: null })
      .where('slack_user_id', '=', value('slackUserId'))
      .where('email', '<>', value('email')),
  );
  const releaseSlackId = (trx: Connection, slackUserId: string, email: string) =>
    releaseStatement(trx, { slackUserId, email });

  /**
   * Links given in order, as if each released its Slack id from anyone else and then gave it to its email, in two
   * statements: where those steps leave the emails linked is worked out here first (an email linked twice keeps the
   * last; an id given twice ends with its last email, taken from the earlier), then every other row holding one of
   * the ids lets it go, then each email takes what it ends with (one statement may not move an id from one row to
   * another: the unique index is checked row by row). Returns the emails on the roster.
   */
  async function linkAll(trx: Connection, chunk: readonly SlackLink[], linkedAt: string): Promise<string[]> {
    const ends = new Map<string, string | null>();
    const holders = new Map<string, string>();
    for (const link of chunk) {
      const email = link.email.trim().toLowerCase();
      const id = link.slackUserId;
      const holder = holders.get(id);
      if (holder !== undefined && holder !== email) ends.set(holder, null);
      const had = ends.get(email);
      if (had != null && holders.get(had) === email) holders.delete(had);
      ends.set(email, id);
      holders.set(id, email);
    }
    const ids = [...new Set(chunk.map((link) => link.slackUserId))];
    // The rows that keep their id: the email and the id as one value, not a term each (SQLite's expression depth).
    const kept = [...holders].map(([id, email]) => `${email}\u001f${id}`);
    await trx
      .updateTable('people')
      .set({ slack_user_id: null })
      .where('slack_user_id', 'in', ids)
      .where(sql<string>`${sql.ref('email')} || ${'\u001f'} || ${sql.ref('slack_user_id')}`, 'not in', kept)
      .execute();
    const emails = [...ends.keys()];
    const rows = await trx
      .updateTable('people')
      .set({
        slack_user_id: sql<string | null>`CASE ${sql.ref('email')} ${sql.join(
          [...ends].map(([email, id]) => sql`WHEN ${email} THEN ${id}`),
          sql` `,
        )} END`,
        slack_linked_at: linkedAt,
      })
      .where('email', 'in', emails)
      .returning('email')
      .execute();
    return rows.map((r) => r.email);
  }

  const repository: PeopleRepository & CompletionsRepository = {
    importRoster(records, { file, dryRun = false, maxDeactivateShare }) {
      return atomically(dryRun, async (trx) => {
        const seen = now().toISOString();
        const stored = (await trx.selectFrom('people').selectAll().execute()) as PersonRow[];
        const existing = new Map(stored.map((row) => [row.email, row]));
        const summary: RosterImportSummary = { added: 0, updated: 0, deactivated: 0, unchanged: 0, dryRun };
        const inFile = new Set<string>();
        // Who has each Slack id as the import goes: an id the roster gives someone is taken from its last
        // holder, in the database if they are stored, in the pending row if they are new in this file.
        const owners = new Map<string, { email: string; pending: NewPerson | null }>();
        for (const row of existing.values())
          if (row.slack_user_id !== null) owners.set(row.slack_user_id, { email: row.email, pending: null });
        const inserts: NewPerson[] = [];
        const touched: number[] = [];
        for (const record of records) {
          const email = record.profile.email.toLowerCase();
          inFile.add(email);
          const columns = toColumns(record.profile);
          const slack = record.slackUserId ?? null;
          const before = existing.get(email);
          const params: NewPerson = {
            ...columns,
            email,
            slack_user_id: slack,
            slack_linked_at: slack && seen,
            seen,
          };
          if (slack !== null) {
            const owner = owners.get(slack);
            if (owner && owner.email !== email) {
              if (owner.pending) owner.pending.slack_user_id = owner.pending.slack_linked_at = null;
              else await releaseSlackId(trx, slack, email);
            }
            if (before?.slack_user_id && before.slack_user_id !== slack) owners.delete(before.slack_user_id);
            owners.set(slack, { email, pending: before ? null : params });
          }
          if (!before) {
            inserts.push(params);
            summary.added++;
          } else if (
            before.active === 0 ||
            (slack !== null && slack !== before.slack_user_id) ||
            PROFILE_COLUMNS.some((c) => before[c] !== columns[c])
          ) {
            await trx
              .updateTable('people')
              .set({
                ...columns,
                slack_user_id: slack ?? before.slack_user_id,
                slack_linked_at: slack === null ? before.slack_linked_at : seen,
                active: 1,
                last_seen_in_roster: seen,
              })
              .where('id', '=', before.id)
              .execute();
            summary.updated++;
          } else {
            touched.push(before.id);
            summary.unchanged++;
          }
        }
        // New people and the unchanged in a few statements, not one per row: on PostgreSQL each statement is a
        // round trip.
        await inChunks(inserts, INSERT_CHUNK, (chunk) =>
          trx
            .insertInto('people')
            .values(
              chunk.map(({ seen: lastSeen, ...person }) => ({
                ...person,
                active: 1,
                last_seen_in_roster: lastSeen,
              })),
            )
            .execute(),
        );
        await inChunks(touched, ID_CHUNK, (ids) =>
          trx.updateTable('people').set({ last_seen_in_roster: seen }).where('id', 'in', ids).execute(),
        );
        let active = 0;
        const leaving: number[] = [];
        for (const [email, row] of existing) {
          if (row.active === 1) active++;
          if (row.active === 1 && !inFile.has(email)) {
            leaving.push(row.id);
            summary.deactivated++;
          }
        }
        await inChunks(leaving, ID_CHUNK, (ids) =>
          trx.updateTable('people').set({ active: 0 }).where('id', 'in', ids).execute(),
        );
        // Thrown inside the transaction: it rolls back, dry run or not.
        if (maxDeactivateShare !== undefined && summary.deactivated > maxDeactivateShare * active)
          throw new MassDeactivationError(file, summary, active, maxDeactivateShare);
        await trx
          .insertInto('roster_imports')
          .values({
            file,
            imported_at: seen,
            added: summary.added,
            updated: summary.updated,
            deactivated: summary.deactivated,
            unchanged: summary.unchanged,
          })
          .execute();
        return summary;
      });
    },

    async importCompletions(records, { dryRun = false, file } = {}) {
      if (cycle === null)
        throw new StoreError('Recording completions needs the cycle: pass the schedule to openStore.');
      return atomically(dryRun, async (trx) => {
        const ids = new Map(
          (await trx.selectFrom('people').select(['id', 'email']).execute()).map((row) => [
            row.email,
            row.id,
          ]),
        );
        // Every stored completion, read once: person, cycle and module → the days recorded (and the earliest).
        const known = new Map<string, { days: Set<string>; earliest: string }>();
        for (const row of await trx.selectFrom('completions').selectAll().execute()) {
          const key = `${row.person_id}\u001f${row.cycle}\u001f${row.module}`;
          const course = known.get(key);
          if (!course) known.set(key, { days: new Set([row.completed_on]), earliest: row.completed_on });
          else {
            course.days.add(row.completed_on);
            if (row.completed_on < course.earliest) course.earliest = row.completed_on;
          }
        }
        const summary: CompletionsImportSummary = {
          recorded: 0,
          earlier: 0,
          unchanged: 0,
          unknown: [],
          dryRun,
        };
        const inserts: NewCompletion[] = [];
        for (const record of records) {
          const email = record.email.toLowerCase();
          const id = ids.get(email);
          if (id === undefined) {
            summary.unknown.push({ line: record.line, email });
            continue;
          }
          // parseCompletions names an earlier cycle for a module this one does not offer.
          const recordCycle = record.cycle ?? cycle;
          const key = `${id}\u001f${recordCycle}\u001f${record.module}`;
          const course = known.get(key);
          if (course?.days.has(record.completedOn)) {
            summary.unchanged++;
            continue;
          }
          inserts.push({
            person_id: id,
            cycle: recordCycle,
            module: record.module,
            completed_on: record.completedOn,
          });
          if (!course) {
            known.set(key, { days: new Set([record.completedOn]), earliest: record.completedOn });
            summary.recorded++;
          } else {
            course.days.add(record.completedOn);
            if (record.completedOn < course.earliest) {
              course.earliest = record.completedOn;
              summary.earlier++;
            } else summary.recorded++;
          }
        }
        await inChunks(inserts, INSERT_CHUNK, (chunk) =>
          trx.insertInto('completions').values(chunk).execute(),
        );
        if (file !== undefined)
          await trx
            .insertInto('completion_imports')
            .values({
              file,
              imported_at: now().toISOString(),
              rows: records.length,
              recorded: summary.recorded,
              earlier: summary.earlier,
              unchanged: summary.unchanged,
              unknown: summary.unknown.length,
            })
            .execute();
        return summary;
      });
    },

    async lastCompletionsImport() {
      const row = await db
        .selectFrom('completion_imports')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) return null;
      const { imported_at, file, rows, recorded, earlier, unchanged, unknown } = row;
      return { file, importedAt: imported_at, rows, recorded, earlier, unchanged, unknown };
    },

    async personByEmail(email) {
      return lookUp['p.email'](email.trim().toLowerCase());
    },

    async personBySlackId(slackUserId) {
      return lookUp['p.slack_user_id'](slackUserId);
    },

    async profileByEmail(email) {
      const person = await repository.personByEmail(email);
      return person?.active ? person.profile : null;
    },

    async linkSlackUser(email, slackUserId) {
      const [linked] = await repository.linkSlackUsers([{ email, slackUserId }]);
      return linked ?? false;
    },

    linkSlackUsers(links) {
      if (links.length === 0) return Promise.resolve([]);
      return connection.writing(async (trx) => {
        const linkedAt = now().toISOString();
        const found = new Set<string>();
        // A chunk's links as two statements, whatever its size (on PostgreSQL each statement is a round trip):
        // the chunks one after another are the links one after another.
        await inChunks(links, LINK_CHUNK, async (chunk) => {
          for (const email of await linkAll(trx, chunk, linkedAt)) found.add(email);
        });
        return links.map(({ email }) => found.has(email.trim().toLowerCase()));
      });
    },

    async listPeople(filter = {}) {
      const rows = await people()
        .where(where(filter))
        .orderBy('p.email')
        .$if(filter.limit !== undefined, (q) => q.limit(filter.limit as number))
        .execute();
      return withCompletions(rows.map((row) => toPerson(row as PersonRow)).filter(inGroup(filter)));
    },

    async countPeople(filter = {}) {
      if (filter.group !== undefined) return (await repository.listPeople(filter)).length;
      const row = await db
        .selectFrom('people as p')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(where(filter))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async departments() {
      const rows = await db
        .selectFrom('people')
        .select('department')
        .distinct()
        .where('active', '=', 1)
        .where('department', 'is not', null)
        .orderBy('department')
        .execute();
      return rows.map((r) => r.department as string);
    },
  };
  return repository;
}

/**
 * Adds a completion to a history read in order (by day, then module): the same course on the same day under two
 * cycles is one completion.
 */
function addToHistory(history: NonNullable<Profile['completions']>, module: string, on: string): void {
  const last = history.at(-1);
  if (last?.module === module && last.on === on) return;
  history.push({ module, on });
}

type OnePersonColumn = 'p.email' | 'p.slack_user_id';
/** A row of onePerson's statement: the person's, and one completion of theirs (nulls for none). */
type OnePersonRow = Selectable<PeopleTable> & {
  h_cycle: string | null;
  h_module: string | null;
  h_on: string | null;
};

/** A completion as the person queries pick it: the cycle's first, or the latest of another cycle. */
interface Completed {
  module: string;
  on: string;
  cycle: string;
}

interface NewCompletion {
  person_id: number;
  cycle: string;
  module: string;
  completed_on: string;
}

function toColumns(profile: Profile): ProfileColumns {
  const flag = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);
  return {
    name: profile.name ?? null,
    role: profile.role,
    paid: flag(profile.paid),
    study_year: profile.studyYear ?? null,
    start_date: profile.startDate ?? null,
    appointment_end: profile.appointmentEnd ?? null,
    leave: profile.leave ?? null,
    graduating: flag(profile.graduating),
    area: profile.area ?? null,
    group_id: profile.group ?? null,
    department: profile.department ?? null,
    supervisor: flag(profile.supervisor),
    role_start: profile.roleStart ?? null,
    seasonal: flag(profile.seasonal),
    hours_worked: profile.hoursWorked ?? null,
    time_zone: profile.timeZone ?? null,
  };
}

/** A row of people as listPeople reads it: the first and the earlier completion come as the subqueries' strings. */
function toPerson(row: PersonRow): Person {
  let first: { module: string; on: string } | undefined;
  let earlier: Completed | undefined;
  if (row.first_completion) {
    const [on = '', module = ''] = row.first_completion.split(' ');
    first = { module, on };
  }
  if (row.earlier_completion) {
    const [earlierCycle = '', rest = ''] = row.earlier_completion.split('\u001f');
    const [on = '', module = ''] = rest.split(' ');
    earlier = { module, on, cycle: earlierCycle };
  }
  return personOf(row, first, earlier);
}

/** A person from their row, the cycle's first completion, the latest of another cycle, and (given) every one. */
function personOf(
  row: Selectable<PeopleTable>,
  first: { module: string; on: string } | undefined,
  earlier: Completed | undefined,
  history?: NonNullable<Profile['completions']>,
): Person {
  const profile: Profile & { email: string } = { email: row.email, role: row.role };
  if (row.name !== null) profile.name = row.name;
  if (row.paid !== null) profile.paid = row.paid === 1;
  if (row.study_year !== null) profile.studyYear = row.study_year;
  if (row.start_date !== null) profile.startDate = row.start_date;
  if (row.appointment_end !== null) profile.appointmentEnd = row.appointment_end;
  if (row.leave !== null) profile.leave = row.leave;
  if (row.graduating !== null) profile.graduating = row.graduating === 1;
  if (row.area !== null) profile.area = row.area;
  if (row.group_id !== null) profile.group = row.group_id;
  if (row.department !== null) profile.department = row.department;
  if (row.supervisor !== null) profile.supervisor = row.supervisor === 1;
  if (row.role_start !== null) profile.roleStart = row.role_start;
  if (row.seasonal !== null) profile.seasonal = row.seasonal === 1;
  if (row.hours_worked !== null) profile.hoursWorked = Number(row.hours_worked);
  if (row.time_zone !== null) profile.timeZone = row.time_zone;
  if (first) profile.completed = { module: first.module, on: first.on };
  if (earlier) profile.earlierCompletion = earlier;
  if (history && history.length > 0) profile.completions = history;
  return {
    id: row.id,
    profile,
    active: row.active === 1,
    slackUserId: row.slack_user_id,
    slackLinkedAt: row.slack_linked_at,
    lastSeenInRoster: row.last_seen_in_roster,
  };
}
