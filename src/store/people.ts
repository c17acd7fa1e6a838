// People from the HR roster and their completions from the LMS report: the roster's two repositories.
import type { Area, Leave, Role, ScheduleFile } from '../content/schemas.js';
import { groupFor } from '../rules/group.js';
import type { Profile } from '../rules/profile.js';
import { type Db, StoreError } from './db.js';
import type { CompletionRecord, RosterRecord } from './rows.js';

/** A person as stored: their profile (with `completed` from the LMS report) and what the app keeps about them. */
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
  /** A training group id: those the roster puts in it, else those src/rules/group.ts places in it. */
  group?: string;
  /** Whether they have a completion in the cycle. */
  completed?: boolean;
  /** Only people with (true) or without (false) a known Slack user id. */
  hasSlackUser?: boolean;
  /** Paging (listPeople, which orders by email): only people whose email sorts after this one… */
  afterEmail?: string;
  /** …and at most this many. */
  limit?: number;
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
  /** Completions not seen before. */
  recorded: number;
  /** Known completions whose date moved earlier. */
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

export interface PeopleRepository {
  /** Replaces the roster in one transaction: people missing from `records` become inactive. */
  importRoster(records: readonly RosterRecord[], options: RosterImportOptions): RosterImportSummary;
  personByEmail(email: string): Person | null;
  personBySlackId(slackUserId: string): Person | null;
  /** The profile of someone on the current roster (inactive people: null), with their earliest completion. */
  profileByEmail(email: string): Profile | null;
  /** Remembers the Slack user of a roster email (taking the id from anyone else who had it); false if unknown. */
  linkSlackUser(email: string, slackUserId: string): boolean;
  listPeople(filter?: PeopleFilter): Person[];
  countPeople(filter?: PeopleFilter): number;
  /** The departments of active people, sorted. */
  departments(): string[];
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
   * Adds LMS completions in one transaction; the earliest date per module counts. With `file`, the import
   * is recorded (unless a dry run) for `lastCompletionsImport`.
   */
  importCompletions(
    records: readonly CompletionRecord[],
    options?: { dryRun?: boolean; file?: string },
  ): CompletionsImportSummary;
  lastCompletionsImport(): CompletionsImportRecord | null;
}

export interface RosterContext {
  /**
   * The cycle and its groups: completions are recorded and counted per cycle, and the `group` filter follows
   * the groups' order. Without it, every completion counts and `group` cannot be filtered on.
   */
  schedule: Pick<ScheduleFile, 'cycle' | 'groups'> | undefined;
  now: () => Date;
}

interface PersonRow {
  id: number;
  email: string;
  name: string | null;
  role: string;
  paid: number | null;
  study_year: number | null;
  start_date: string | null;
  appointment_end: string | null;
  leave: string | null;
  graduating: number | null;
  area: string | null;
  group_id: string | null;
  department: string | null;
  supervisor: number | null;
  slack_user_id: string | null;
  slack_linked_at: string | null;
  active: number;
  last_seen_in_roster: string | null;
  first_completion?: string | null;
  /** The latest completion of another cycle, as "CYCLE\u001fYYYY-MM-DD M". */
  earlier_completion?: string | null;
}

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
] as const;
type ProfileColumns = { [K in (typeof PROFILE_COLUMNS)[number]]: string | number | null };
type NewPerson = ProfileColumns & {
  email: string;
  slack_user_id: string | null;
  slack_linked_at: string | null;
  seen: string;
};

// Rows per multi-row INSERT and ids per IN (…): well under both engines' limits on bound parameters.
const INSERT_CHUNK = 500;
const ID_CHUNK = 1000;

function inChunks<T>(items: readonly T[], size: number, work: (chunk: T[]) => void): void {
  for (let i = 0; i < items.length; i += size) work(items.slice(i, i + size));
}

class Rollback extends Error {}

export function createPeopleRepositories(
  db: Db,
  context: RosterContext,
): PeopleRepository & CompletionsRepository {
  const { now } = context;
  const cycle = context.schedule?.cycle.name ?? null;
  const groups = context.schedule?.groups ?? null;

  // The earliest completion in the cycle as "YYYY-MM-DD M" (one indexed lookup per person), for any query over `people p`.
  const personSelect = `SELECT p.*, (SELECT c.completed_on || ' ' || c.module FROM completions c
      WHERE c.person_id = p.id${cycle === null ? '' : ' AND c.cycle = @cycle'}
      ORDER BY c.completed_on, c.module LIMIT 1) AS first_completion${
        cycle === null
          ? ''
          : `, (SELECT c.cycle || '\u001f' || c.completed_on || ' ' || c.module FROM completions c
      WHERE c.person_id = p.id AND c.cycle <> @cycle
      ORDER BY c.completed_on DESC, c.module LIMIT 1) AS earlier_completion`
      } FROM people p`;
  const cycleParams = cycle === null ? {} : { cycle };

  const byEmail = db.prepare<Record<string, string>, PersonRow>(`${personSelect} WHERE p.email = @email`);
  const bySlackId = db.prepare<Record<string, string>, PersonRow>(
    `${personSelect} WHERE p.slack_user_id = @slack`,
  );

  const statements = {
    allPeople: db.prepare<[], PersonRow>('SELECT * FROM people'),
    updatePerson: db.prepare(
      `UPDATE people SET ${PROFILE_COLUMNS.map((c) => `${c} = @${c}`).join(', ')},
         slack_user_id = coalesce(@slack_user_id, slack_user_id),
         slack_linked_at = CASE WHEN @slack_user_id IS NULL THEN slack_linked_at ELSE @slack_linked_at END,
         active = 1, last_seen_in_roster = @seen
       WHERE id = @id`,
    ),
    releaseSlackId: db.prepare(
      'UPDATE people SET slack_user_id = NULL WHERE slack_user_id = ? AND email <> ?',
    ),
    linkSlack: db.prepare('UPDATE people SET slack_user_id = ?, slack_linked_at = ? WHERE email = ?'),
    recordImport: db.prepare(
      `INSERT INTO roster_imports (file, imported_at, added, updated, deactivated, unchanged)
       VALUES (@file, @importedAt, @added, @updated, @deactivated, @unchanged)`,
    ),
    departments: db.prepare<[], { department: string }>(
      'SELECT DISTINCT department FROM people WHERE active = 1 AND department IS NOT NULL ORDER BY department',
    ),
    personIds: db.prepare<[], { id: number; email: string }>('SELECT id, email FROM people'),
    allCompletions: db.prepare<
      [],
      { person_id: number; cycle: string; module: string; completed_on: string }
    >('SELECT person_id, cycle, module, completed_on FROM completions'),
    earlierCompletion: db.prepare(
      'UPDATE completions SET completed_on = ? WHERE person_id = ? AND cycle = ? AND module = ?',
    ),
    recordCompletionsImport: db.prepare(
      `INSERT INTO completion_imports (file, imported_at, rows, recorded, earlier, unchanged, unknown)
       VALUES (@file, @importedAt, @rows, @recorded, @earlier, @unchanged, @unknown)`,
    ),
    lastCompletionsImport: db.prepare<[], CompletionsImportRecord & { imported_at: string }>(
      'SELECT * FROM completion_imports ORDER BY id DESC LIMIT 1',
    ),
  };

  /** Several new people in one statement. */
  function insertPeople(chunk: readonly NewPerson[]): void {
    const row = `(?, ${PROFILE_COLUMNS.map(() => '?').join(', ')}, ?, ?, 1, ?)`;
    db.prepare(
      `INSERT INTO people (email, ${PROFILE_COLUMNS.join(', ')}, slack_user_id, slack_linked_at, active, last_seen_in_roster)
       VALUES ${chunk.map(() => row).join(', ')}`,
    ).run(
      ...chunk.flatMap((p) => [
        p.email,
        ...PROFILE_COLUMNS.map((c) => p[c]),
        p.slack_user_id,
        p.slack_linked_at,
        p.seen,
      ]),
    );
  }

  /** `sql (?, ?, …)` with one placeholder per id, after `before`'s values. */
  function idsStatement(sql: string, ids: readonly number[], before: readonly unknown[]): void {
    db.prepare(`${sql} (${ids.map(() => '?').join(', ')})`).run(...before, ...ids);
  }

  /** Runs `work` in one write transaction; a dry run rolls it back but still returns what it would have done. */
  function atomically<T>(dryRun: boolean, work: () => T): T {
    let result: T | undefined;
    const tx = db.transaction(() => {
      result = work();
      if (dryRun) throw new Rollback();
    });
    try {
      tx.immediate();
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return result as T;
  }

  function queryFor(filter: PeopleFilter, select: string): { sql: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = { ...cycleParams };
    const active = filter.active ?? true;
    // A page (paging by email) walks the email index: on `active` SQLite would take the (active, department)
    // index and sort the whole roster for every page of 100 (84 ms a page on 100,000 people, not 1 ms).
    // The unary + keeps the term out of index choice on both engines.
    const column = filter.limit !== undefined ? '+p.active' : 'p.active';
    if (active !== 'any') where.push(`${column} = ${active ? 1 : 0}`);
    if (filter.department !== undefined) {
      const list = typeof filter.department === 'string' ? [filter.department] : [...filter.department];
      where.push(`p.department IN (${list.map((_, i) => `@dept${i}`).join(', ') || 'NULL'})`);
      list.forEach((d, i) => {
        params[`dept${i}`] = d;
      });
    }
    if (filter.group !== undefined) where.push(groupCondition(filter.group, params));
    if (filter.completed !== undefined) {
      const exists = `EXISTS (SELECT 1 FROM completions c WHERE c.person_id = p.id${cycle === null ? '' : ' AND c.cycle = @cycle'})`;
      where.push(filter.completed ? exists : `NOT ${exists}`);
    }
    if (filter.hasSlackUser !== undefined)
      where.push(`p.slack_user_id IS ${filter.hasSlackUser ? 'NOT NULL' : 'NULL'}`);
    if (filter.afterEmail !== undefined) {
      where.push('p.email > @afterEmail');
      params['afterEmail'] = filter.afterEmail;
    }
    return { sql: `${select}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`, params };
  }

  // The candidates for a group: SQL keeps those the roster puts in it or in none; the shared matcher in
  // src/rules decides the rest, so the store's groups are the rules' groups.
  function groupCondition(groupId: string, params: Record<string, unknown>): string {
    if (!groups)
      throw new StoreError('Filtering by training group needs the schedule: pass it to openStore.');
    if (!groups.some((g) => g.id === groupId))
      throw new StoreError(
        `Unknown training group "${groupId}", expected one of ${groups.map((g) => g.id).join(', ')}.`,
      );
    params['groupId'] = groupId;
    return '(p.group_id = @groupId OR p.group_id IS NULL)';
  }
  const inGroup = (filter: PeopleFilter) => (person: Person) =>
    filter.group === undefined ||
    groupFor(person.profile, { schedule: { groups: groups ?? [] } })?.id === filter.group;

  const repository: PeopleRepository & CompletionsRepository = {
    importRoster(records, { file, dryRun = false, maxDeactivateShare }) {
      return atomically(dryRun, () => {
        const seen = now().toISOString();
        const existing = new Map(statements.allPeople.all().map((row) => [row.email, row]));
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
              else statements.releaseSlackId.run(slack, email);
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
            statements.updatePerson.run({ ...params, id: before.id });
            summary.updated++;
          } else {
            touched.push(before.id);
            summary.unchanged++;
          }
        }
        // New people and the unchanged in a few statements, not one per row: on PostgreSQL each statement is a
        // round trip.
        inChunks(inserts, INSERT_CHUNK, (chunk) => insertPeople(chunk));
        inChunks(touched, ID_CHUNK, (ids) =>
          idsStatement('UPDATE people SET last_seen_in_roster = ? WHERE id IN', ids, [seen]),
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
        inChunks(leaving, ID_CHUNK, (ids) =>
          idsStatement('UPDATE people SET active = 0 WHERE id IN', ids, []),
        );
        // Thrown inside the transaction: it rolls back, dry run or not.
        if (maxDeactivateShare !== undefined && summary.deactivated > maxDeactivateShare * active)
          throw new MassDeactivationError(file, summary, active, maxDeactivateShare);
        statements.recordImport.run({ file, importedAt: seen, ...summary });
        return summary;
      });
    },

    importCompletions(records, { dryRun = false, file } = {}) {
      if (cycle === null)
        throw new StoreError('Recording completions needs the cycle: pass the schedule to openStore.');
      return atomically(dryRun, () => {
        const ids = new Map(statements.personIds.all().map((row) => [row.email, row.id]));
        // Every stored completion, read once: person, cycle and module → its date (or the row still to insert).
        const known = new Map<string, { on: string; pending: [number, string, string, string] | null }>();
        for (const row of statements.allCompletions.all())
          known.set(`${row.person_id}\u001f${row.cycle}\u001f${row.module}`, {
            on: row.completed_on,
            pending: null,
          });
        const summary: CompletionsImportSummary = {
          recorded: 0,
          earlier: 0,
          unchanged: 0,
          unknown: [],
          dryRun,
        };
        const inserts: [number, string, string, string][] = [];
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
          const stored = known.get(key);
          if (!stored) {
            const row: [number, string, string, string] = [
              id,
              recordCycle,
              record.module,
              record.completedOn,
            ];
            inserts.push(row);
            known.set(key, { on: record.completedOn, pending: row });
            summary.recorded++;
          } else if (record.completedOn < stored.on) {
            stored.on = record.completedOn;
            if (stored.pending) stored.pending[3] = record.completedOn;
            else statements.earlierCompletion.run(record.completedOn, id, recordCycle, record.module);
            summary.earlier++;
          } else summary.unchanged++;
        }
        inChunks(inserts, INSERT_CHUNK, (chunk) =>
          db
            .prepare(
              `INSERT INTO completions (person_id, cycle, module, completed_on) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
            )
            .run(...chunk.flat()),
        );
        if (file !== undefined)
          statements.recordCompletionsImport.run({
            file,
            importedAt: now().toISOString(),
            rows: records.length,
            recorded: summary.recorded,
            earlier: summary.earlier,
            unchanged: summary.unchanged,
            unknown: summary.unknown.length,
          });
        return summary;
      });
    },

    lastCompletionsImport() {
      const row = statements.lastCompletionsImport.get();
      if (!row) return null;
      const { imported_at, file, rows, recorded, earlier, unchanged, unknown } = row;
      return { file, importedAt: imported_at, rows, recorded, earlier, unchanged, unknown };
    },

    personByEmail(email) {
      const row = byEmail.get({ ...cycleParams, email: email.trim().toLowerCase() });
      return row ? toPerson(row) : null;
    },

    personBySlackId(slackUserId) {
      const row = bySlackId.get({ ...cycleParams, slack: slackUserId });
      return row ? toPerson(row) : null;
    },

    profileByEmail(email) {
      const person = repository.personByEmail(email);
      return person?.active ? person.profile : null;
    },

    linkSlackUser(email, slackUserId) {
      const normalised = email.trim().toLowerCase();
      return db.transaction(() => {
        statements.releaseSlackId.run(slackUserId, normalised);
        return statements.linkSlack.run(slackUserId, now().toISOString(), normalised).changes > 0;
      })();
    },

    listPeople(filter = {}) {
      const { sql, params } = queryFor(filter, personSelect);
      const limit = filter.limit === undefined ? '' : ' LIMIT @limit';
      if (filter.limit !== undefined) params['limit'] = filter.limit;
      return db
        .prepare<Record<string, unknown>, PersonRow>(`${sql} ORDER BY p.email${limit}`)
        .all(params)
        .map(toPerson)
        .filter(inGroup(filter));
    },

    countPeople(filter = {}) {
      if (filter.group !== undefined) return repository.listPeople(filter).length;
      const { sql, params } = queryFor(filter, 'SELECT count(*) AS n FROM people p');
      return (db.prepare<Record<string, unknown>, { n: number }>(sql).get(params) as { n: number }).n;
    },

    departments() {
      return statements.departments.all().map((r) => r.department);
    },
  };
  return repository;
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
  };
}

function toPerson(row: PersonRow): Person {
  const profile: Profile & { email: string } = { email: row.email, role: row.role as Role };
  if (row.name !== null) profile.name = row.name;
  if (row.paid !== null) profile.paid = row.paid === 1;
  if (row.study_year !== null) profile.studyYear = row.study_year;
  if (row.start_date !== null) profile.startDate = row.start_date;
  if (row.appointment_end !== null) profile.appointmentEnd = row.appointment_end;
  if (row.leave !== null) profile.leave = row.leave as Leave;
  if (row.graduating !== null) profile.graduating = row.graduating === 1;
  if (row.area !== null) profile.area = row.area as Area;
  if (row.group_id !== null) profile.group = row.group_id;
  if (row.department !== null) profile.department = row.department;
  if (row.supervisor !== null) profile.supervisor = row.supervisor === 1;
  if (row.first_completion) {
    const [on = '', module = ''] = row.first_completion.split(' ');
    profile.completed = { module, on };
  }
  if (row.earlier_completion) {
    const [earlierCycle = '', rest = ''] = row.earlier_completion.split('\u001f');
    const [on = '', module = ''] = rest.split(' ');
    profile.earlierCompletion = { module, on, cycle: earlierCycle };
  }
  return {
    id: row.id,
    profile,
    active: row.active === 1,
    slackUserId: row.slack_user_id,
    slackLinkedAt: row.slack_linked_at,
    lastSeenInRoster: row.last_seen_in_roster,
  };
}
