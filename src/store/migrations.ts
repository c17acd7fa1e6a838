// The database schema as one list of migrations for both engines, written with kysely's schema builder; what
// SQLite and PostgreSQL write differently is in `SchemaDialect` and nowhere else. kysely's Migrator applies them
// at open, once each, under a lock (PostgreSQL: an advisory lock; SQLite: the write lock of one immediate
// transaction), and records each by name in `schema_migrations`. A database made before this list (SQLite's
// `user_version`, PostgreSQL's `schema_version`) is adopted in place by src/store/legacy-schema.ts. To change
// the schema, append a migration whose name sorts after the last: never edit one that has shipped.
import {
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Expression,
  type Kysely,
  type Migration as KyselyMigration,
  Migrator,
  sql,
} from 'kysely';
import type { StoreDb } from './db.js';
import { MigrationError } from './errors.js';
import { adoptLegacySchema, MIGRATION_TABLE, migrationTableSchema, tableExists } from './legacy-schema.js';

export { MigrationError };

export type Engine = StoreDb['engine'];

/** What the two engines write differently, in one place: every migration takes it. */
export interface SchemaDialect {
  readonly engine: Engine;
  /** Text compared byte by byte on both: SQLite's default, PostgreSQL's "C" collation. */
  readonly text: 'text' | Expression<unknown>;
  /** A key the database numbers: SQLite's rowid alias, PostgreSQL's identity column. */
  id(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** A table stored by its primary key alone (SQLite's WITHOUT ROWID; PostgreSQL tables have no rowid). */
  // biome-ignore lint/suspicious/noExplicitAny: any table under construction
  keyed<T extends CreateTableBuilder<any, any>>(table: T): T;
}

export function schemaDialect(engine: Engine): SchemaDialect {
  switch (engine) {
    case 'sqlite':
      return {
        engine,
        text: 'text',
        id: (column) => column.primaryKey(),
        keyed: (table) => table.modifyEnd(sql`without rowid`) as typeof table,
      };
    case 'postgres':
      return {
        engine,
        text: sql`text collate "C"`,
        id: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
        keyed: (table) => table,
      };
    default:
      return engine satisfies never;
  }
}

export interface Migration {
  /** Applied in the order of their names, once each ('0001_…'): a new one's name sorts after the last. */
  readonly name: string;
  /** Run in one transaction with the others applied at the same open (rolled back together on failure). */
  // biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it is then, not as schema.ts has it
  up(db: Kysely<any>, dialect: SchemaDialect): Promise<void>;
}

// Every primary-key column is declared NOT NULL: PostgreSQL implies it, SQLite (outside its rowid alias and
// WITHOUT ROWID tables) would accept a NULL key otherwise.
export const MIGRATIONS: readonly Migration[] = [
  {
    // SQLite's migrations 1 to 7 as they ended, PostgreSQL's 1.
    name: '0001_people_campaigns_feedback_misses_directory_events_snapshots',
    async up(db, { text, id, keyed }) {
      await db.schema
        .createTable('people')
        .addColumn('id', 'integer', id)
        .addColumn('email', text, (c) => c.notNull().unique())
        .addColumn('name', text)
        .addColumn('role', text, (c) => c.notNull())
        .addColumn('paid', 'integer')
        .addColumn('study_year', 'integer')
        .addColumn('start_date', text)
        .addColumn('appointment_end', text)
        .addColumn('leave', text)
        .addColumn('graduating', 'integer')
        .addColumn('area', text)
        .addColumn('group_id', text)
        .addColumn('department', text)
        .addColumn('supervisor', 'integer')
        .addColumn('slack_user_id', text, (c) => c.unique())
        // When the Slack id was last confirmed (roster or Slack lookup): lets bulk resolution refresh stale ones.
        .addColumn('slack_linked_at', text)
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('last_seen_in_roster', text)
        .execute();
      await db.schema
        .createIndex('people_active_department')
        .on('people')
        .columns(['active', 'department'])
        .execute();
      await db.schema.createIndex('people_role_area').on('people').columns(['role', 'area']).execute();
      await db.schema.createIndex('people_group').on('people').column('group_id').execute();

      // One row per person, module and cycle: the earliest date seen in any LMS report.
      await keyed(
        db.schema
          .createTable('completions')
          .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
          .addColumn('cycle', text, (c) => c.notNull())
          .addColumn('module', text, (c) => c.notNull())
          .addColumn('completed_on', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('completions_pkey', ['person_id', 'cycle', 'module']),
      ).execute();
      await db.schema
        .createIndex('completions_cycle_person')
        .on('completions')
        .columns(['cycle', 'person_id', 'completed_on'])
        .execute();

      // By email rather than person: an administrator need not be on the training roster.
      await keyed(
        db.schema
          .createTable('access_grants')
          .addColumn('email', text, (c) => c.notNull())
          .addColumn('role', text, (c) => c.notNull().check(sql`role in ('admin', 'dept-admin')`))
          // '' for admin: a department admin officer has one row per department.
          .addColumn('department', text, (c) => c.notNull().defaultTo(''))
          .addColumn('granted_at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('access_grants_pkey', ['email', 'role', 'department']),
      ).execute();

      await db.schema
        .createTable('roster_imports')
        .addColumn('id', 'integer', id)
        .addColumn('file', text, (c) => c.notNull())
        .addColumn('imported_at', text, (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('updated', 'integer', (c) => c.notNull())
        .addColumn('deactivated', 'integer', (c) => c.notNull())
        .addColumn('unchanged', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'integer', id)
        .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('reminder', 'announcement')`))
        .addColumn('created_by', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        // The audience filters, template and note as given, for the audit record.
        .addColumn('spec_json', text, (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('finished_at', text)
        // A scheduled reminder's occurrence ('deadline-7:all-schools:2021-02-10'): one campaign each, ever.
        .addColumn('schedule_key', text, (c) => c.unique())
        // The audience size when it was resolved, and the admin's progress message (to update it after a restart).
        .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('progress_channel', text)
        .addColumn('progress_ts', text)
        .addColumn('stopped_reason', text)
        .execute();

      // Written before the first message goes out, one per recipient, so a restart resumes where it stopped; a
      // row is claimed as 'sending' with an attempt key just before its message goes out.
      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'integer', id)
        .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
        .addColumn('person_id', 'integer', (c) => c.references('people.id'))
        // A channel id for an announcement, a Slack user id once resolved for a reminder.
        .addColumn('target', text)
        .addColumn('status', text, (c) =>
          c
            .notNull()
            .defaultTo('pending')
            .check(sql`status in ('pending', 'sending', 'sent', 'skipped', 'failed')`),
        )
        .addColumn('reason', text)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        // Unique per attempt, sent as message metadata: after a crash it finds the message in the DM's history.
        .addColumn('attempt_key', text)
        .addColumn('claimed_at', text)
        .addColumn('message_ts', text)
        .addColumn('updated_at', text, (c) => c.notNull())
        .addUniqueConstraint('deliveries_campaign_id_person_id_key', ['campaign_id', 'person_id'])
        .execute();
      await db.schema
        .createIndex('deliveries_campaign_status')
        .on('deliveries')
        .columns(['campaign_id', 'status', 'id'])
        .execute();

      // Counts only: no user, no question text, no time (src/store/feedback.ts writes it).
      await keyed(
        db.schema
          .createTable('faq_feedback')
          .addColumn('faq_id', text, (c) => c.notNull().primaryKey())
          .addColumn('helpful', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('unhelpful', 'integer', (c) => c.notNull().defaultTo(0)),
      ).execute();

      // src/store/misses.ts writes the next three. See README "Data and privacy" for what each holds and for how
      // long. Questions the bot could not answer or that got a 👎, for content editors: redacted text only, no
      // user, no channel, the day only. Never a sensitive message. Deleted after MISSES_RETENTION_DAYS.
      await db.schema
        .createTable('missed_questions')
        .addColumn('id', 'integer', id)
        .addColumn('text', text, (c) => c.notNull())
        .addColumn('reason', text, (c) => c.notNull().check(sql`reason in ('unknown', 'unhelpful')`))
        // The entry that got the 👎 (reason 'unhelpful'); null for an unanswered question.
        .addColumn('faq_id', text)
        .addColumn('day', text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('missed_questions_day').on('missed_questions').column('day').execute();

      // How many answers of each kind per day: a count, nothing else (a sensitive message leaves only this).
      await keyed(
        db.schema
          .createTable('answer_counts')
          .addColumn('day', text, (c) => c.notNull())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('answer_counts_pkey', ['day', 'kind']),
      ).execute();

      // A flag per Slack user: the privacy notice went with their first DM. No text, no time.
      await keyed(
        db.schema
          .createTable('privacy_notice_shown')
          .addColumn('slack_user_id', text, (c) => c.notNull().primaryKey()),
      ).execute();

      // users.list, cached (src/store/directory.ts): who has a Slack account, by email, and whether it is
      // deactivated.
      await keyed(
        db.schema
          .createTable('slack_directory')
          .addColumn('user_id', text, (c) => c.notNull().primaryKey())
          .addColumn('email', text)
          .addColumn('deleted', 'integer', (c) => c.notNull())
          .addColumn('is_bot', 'integer', (c) => c.notNull()),
      ).execute();
      await db.schema.createIndex('slack_directory_email').on('slack_directory').column('email').execute();
      await db.schema
        .createTable('slack_directory_sync')
        .addColumn('id', 'integer', (c) => c.notNull().primaryKey().check(sql`id = 1`))
        .addColumn('synced_at', text, (c) => c.notNull())
        .addColumn('members', 'integer', (c) => c.notNull())
        .execute();

      // src/store/events.ts: Slack's event_id (or a command's envelope) and when it was first seen, for an hour,
      // so that every app process on the database answers a redelivered event once between them.
      await keyed(
        db.schema
          .createTable('slack_event_ids')
          .addColumn('event_id', text, (c) => c.notNull().primaryKey())
          .addColumn('seen_at', 'bigint', (c) => c.notNull()),
      ).execute();

      // src/store/snapshots.ts writes the next three: counts only, never a name, an email or a person's id. One
      // row per snapshot: after each completions import, once a day, and (reconstructed from completion dates)
      // for the days before the first one or between two that were missed.
      await db.schema
        .createTable('snapshots')
        .addColumn('id', 'integer', id)
        .addColumn('cycle', text, (c) => c.notNull())
        // The day the counts are for, YYYY-MM-DD in the cycle's time zone.
        .addColumn('day', text, (c) => c.notNull())
        .addColumn('taken_at', text, (c) => c.notNull())
        .addColumn('reason', text, (c) =>
          c.notNull().check(sql`reason in ('import', 'daily', 'reconstructed')`),
        )
        .execute();
      await db.schema
        .createIndex('snapshots_cycle_day')
        .on('snapshots')
        .columns(['cycle', 'day', 'id'])
        .execute();

      // The counts of one snapshot per training group and department.
      await keyed(
        db.schema
          .createTable('snapshot_counts')
          .addColumn('snapshot_id', 'integer', (c) => c.notNull().references('snapshots.id'))
          // '' when the group cannot be told (the report's "No group" row).
          .addColumn('group_id', text, (c) => c.notNull())
          .addColumn('department', text, (c) => c.notNull())
          .addColumn('required', 'integer', (c) => c.notNull())
          .addColumn('completed', 'integer', (c) => c.notNull())
          .addColumn('overdue', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('snapshot_counts_pkey', ['snapshot_id', 'group_id', 'department']),
      ).execute();

      // Each completions import (the LMS report): when, which file, and what it changed. Counts only.
      await db.schema
        .createTable('completion_imports')
        .addColumn('id', 'integer', id)
        .addColumn('file', text, (c) => c.notNull())
        .addColumn('imported_at', text, (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('recorded', 'integer', (c) => c.notNull())
        .addColumn('earlier', 'integer', (c) => c.notNull())
        .addColumn('unchanged', 'integer', (c) => c.notNull())
        .addColumn('unknown', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  {
    // SQLite's 8, PostgreSQL's 2. A lease is held by one app process at a time until it expires (the scheduler,
    // the retention jobs, a running campaign): a replica that dies loses it within a minute and another takes
    // over. The pace is the next free slot for a kind of call across every replica (milliseconds since the epoch).
    name: '0002_leases_and_pace',
    async up(db, { text }) {
      await db.schema
        .createTable('leases')
        .addColumn('name', text, (c) => c.notNull().primaryKey())
        .addColumn('holder', text, (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('send_pace')
        .addColumn('name', text, (c) => c.notNull().primaryKey())
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  {
    // SQLite's 9, PostgreSQL's 3. One vote per person per answer message: the message (channel and ts) and a
    // one-way hash of the voter's Slack id, so a second click changes the vote instead of adding one. No text,
    // no time, and no way back from the hash to the person.
    name: '0003_feedback_ballots',
    async up(db, { text }) {
      await db.schema
        .createTable('feedback_ballots')
        .addColumn('message', text, (c) => c.notNull())
        .addColumn('voter', text, (c) => c.notNull())
        .addColumn('faq_id', text, (c) => c.notNull())
        .addColumn('vote', text, (c) => c.notNull().check(sql`vote in ('up', 'down')`))
        .addPrimaryKeyConstraint('feedback_ballots_pkey', ['message', 'voter'])
        .execute();
    },
  },
  {
    // A person's Slack time zone (users.list `tz`) beside their Slack id; per delivery, the zone it is timed
    // for and the moment it may go out (null: at once), so reminders reach each person in their own hours.
    name: '0004_send_windows',
    async up(db, { text }) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('slack_directory').addColumn('tz', text).execute();
      await db.schema.alterTable('deliveries').addColumn('time_zone', text).execute();
      await db.schema.alterTable('deliveries').addColumn('send_after', text).execute();
    },
  },
  {
    // What deadlines relative to the person read (policy.yml `deadlines`, issue #28): the day a person took their
    // current role (a promotion), seasonal or temporary work, the hours worked, and the time zone the roster
    // gives. And every completion, not only the earliest of each module in a cycle: a refresher counts from the
    // last one ("every two years from the last completion"), so a retake is a row of its own. The completions'
    // key gains the day, which SQLite cannot add to a table's key in place: the table is copied into a new one.
    name: '0005_personal_deadlines_and_completion_history',
    async up(db, { text, keyed }) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('people').addColumn('role_start', text).execute();
      await db.schema.alterTable('people').addColumn('seasonal', 'integer').execute();
      await db.schema.alterTable('people').addColumn('hours_worked', 'double precision').execute();
      await db.schema.alterTable('people').addColumn('time_zone', text).execute();

      const columns = ['person_id', 'cycle', 'module', 'completed_on'] as const;
      // A primary key's index is named schema-wide on PostgreSQL, so the new key cannot take the old name
      // while the old table exists.
      await keyed(
        db.schema
          .createTable('completions_0005')
          .addColumn('person_id', 'integer', (c) => c.notNull())
          .addColumn('cycle', text, (c) => c.notNull())
          .addColumn('module', text, (c) => c.notNull())
          .addColumn('completed_on', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('completions_dated_pkey', [...columns])
          .addForeignKeyConstraint('completions_person_id_fkey', ['person_id'], 'people', ['id']),
      ).execute();
      await db
        .insertInto('completions_0005')
        .columns([...columns])
        .expression(db.selectFrom('completions').select([...columns]))
        .execute();
      await db.schema.dropTable('completions').execute();
      await db.schema.alterTable('completions_0005').renameTo('completions').execute();
      await db.schema
        .createIndex('completions_cycle_person')
        .on('completions')
        .columns(['cycle', 'person_id', 'completed_on'])
        .execute();
    },
  },
];

/**
 * Brings the database up to the last migration (adopting a database made before the one list first); returns
 * the names it applied, none when another process had applied them. Throws a MigrationError saying which
 * migration failed and why, or why the database cannot be opened by this code.
 */
export async function applyMigrations(db: StoreDb, migrations = MIGRATIONS): Promise<string[]> {
  checkOrder(migrations);
  const names = migrations.map((m) => m.name);
  // Up to date, the usual case: no lock taken, so opening never waits for another process's writes.
  const before = await appliedMigrations(db);
  if (before.length === names.length && before.every((name, i) => name === names[i])) return [];
  const dialect = schemaDialect(db.engine);
  await adoptLegacySchema(db, names);
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw new MigrationError(
      `The database has migration ${unknown.map((n) => JSON.stringify(n)).join(', ')} applied, which this code does not know (its last is ${JSON.stringify(names.at(-1))}): it was opened by a newer version of the app; upgrade the app.`,
    );
  const provided: Record<string, KyselyMigration> = {};
  for (const m of migrations) provided[m.name] = { up: (trx) => m.up(trx, dialect) };
  const schema = await migrationTableSchema(db);
  const migrator = new Migrator({
    db: db.connection.db,
    provider: { getMigrations: async () => provided },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const what =
      failed === undefined ? 'The migrations failed' : `Migration ${JSON.stringify(failed)} failed`;
    const undone = results
      .filter((r) => r.migrationName !== failed)
      .map((r) => JSON.stringify(r.migrationName))
      .join(', ');
    throw new MigrationError(
      `${what}: ${error instanceof Error ? error.message : String(error)}${undone ? ` (not applied either: ${undone})` : ''}`,
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const before = migrations[i - 1];
    if (before && !(before.name < m.name))
      throw new MigrationError(
        `Migration ${JSON.stringify(m.name)} is listed after ${JSON.stringify(before.name)}: names must sort in the order the migrations are listed, each once.`,
      );
  });
}

/** The names of the migrations applied to the database, in order (none before the first open). */
export async function appliedMigrations(db: StoreDb): Promise<string[]> {
  const { db: q } = db.connection;
  if (!(await tableExists(q, db.engine, MIGRATION_TABLE))) return [];
  const rows = await sql<{
    name: string;
  }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(q);
  return rows.rows.map((r) => r.name);
}

/** How many migrations the database has had (what `stats()` and `db status` show as its schema version). */
export async function schemaVersion(db: StoreDb): Promise<number> {
  return (await appliedMigrations(db)).length;
}
