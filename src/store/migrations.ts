// The database schema as an ordered list of migrations per engine, applied once each at open (SQLite tracks it
// in `user_version`, PostgreSQL in a schema_version row). To change the schema, append a migration with the next
// version to both lists: never edit one that has shipped.
import { sql } from 'kysely';
import type { StoreDb } from './db.js';

export interface Migration {
  /** 1, 2, 3…: equal to the migration's position in the list, plus one. */
  version: number;
  /** What it adds, for the error message when one fails. */
  name: string;
  /** SQL run in one transaction with the version bump. */
  up: string;
}

// Migration 8 on both engines. A lease is held by one app process at a time until it expires (the scheduler,
// the retention jobs, a running campaign): a replica that dies loses it within a minute and another takes over.
// The pace is the next free slot for a kind of call across every replica (milliseconds since the epoch).
const LEASES_AND_PACE = `
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE TABLE send_pace (
    name TEXT PRIMARY KEY,
    next_at BIGINT NOT NULL
  );
`;

// Migration 9 on SQLite, 3 on PostgreSQL. One vote per person per answer message: the message (channel and
// ts) and a one-way hash of the voter's Slack id, so a second click changes the vote instead of adding one.
// No text, no time, and no way back from the hash to the person.
// A person's Slack time zone (users.list `tz`) beside their Slack id; per delivery, the zone it is timed for
// and the moment it may go out (null: at once), so reminders reach each person in their own hours.
const SEND_WINDOWS = `
  ALTER TABLE slack_directory ADD COLUMN tz TEXT;
  ALTER TABLE deliveries ADD COLUMN time_zone TEXT;
  ALTER TABLE deliveries ADD COLUMN send_after TEXT;
`;

const FEEDBACK_BALLOTS = `
  CREATE TABLE feedback_ballots (
    message TEXT NOT NULL,
    voter TEXT NOT NULL,
    faq_id TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    PRIMARY KEY (message, voter)
  );
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'people, completions, access grants, roster imports',
    up: `
      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT,
        role TEXT NOT NULL,
        paid INTEGER,
        study_year INTEGER,
        start_date TEXT,
        appointment_end TEXT,
        leave TEXT,
        graduating INTEGER,
        area TEXT,
        group_id TEXT,
        department TEXT,
        supervisor INTEGER,
        slack_user_id TEXT UNIQUE,
        -- When the Slack id was last confirmed (roster or Slack lookup): lets bulk resolution refresh stale ones.
        slack_linked_at TEXT,
        active INTEGER NOT NULL DEFAULT 1,
        last_seen_in_roster TEXT
      );
      CREATE INDEX people_active_department ON people (active, department);
      CREATE INDEX people_role_area ON people (role, area);
      CREATE INDEX people_group ON people (group_id);

      -- One row per person, module and cycle: the earliest date seen in any LMS report.
      CREATE TABLE completions (
        person_id INTEGER NOT NULL REFERENCES people (id),
        cycle TEXT NOT NULL,
        module TEXT NOT NULL,
        completed_on TEXT NOT NULL,
        PRIMARY KEY (person_id, cycle, module)
      ) WITHOUT ROWID;
      CREATE INDEX completions_cycle_person ON completions (cycle, person_id, completed_on);

      -- By email rather than person: an administrator need not be on the training roster.
      CREATE TABLE access_grants (
        email TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'dept-admin')),
        -- '' for admin: a department admin officer has one row per department.
        department TEXT NOT NULL DEFAULT '',
        granted_at TEXT NOT NULL,
        PRIMARY KEY (email, role, department)
      ) WITHOUT ROWID;

      CREATE TABLE roster_imports (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        deactivated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'campaigns and deliveries',
    up: `
      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('reminder', 'announcement')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- The audience filters, template and note as given, for the audit record.
        spec_json TEXT NOT NULL,
        dry_run INTEGER NOT NULL DEFAULT 0,
        finished_at TEXT
      );

      -- Written before the first message goes out, one per recipient, so a restart resumes where it stopped.
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
        person_id INTEGER REFERENCES people (id),
        -- A channel id for an announcement, a Slack user id once resolved for a reminder.
        target TEXT,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        message_ts TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (campaign_id, person_id)
      );
      CREATE INDEX deliveries_campaign_status ON deliveries (campaign_id, status);
    `,
  },
  {
    version: 3,
    name: 'feedback counts per FAQ entry',
    // Counts only: no user, no question text, no time (src/store/feedback.ts writes it).
    up: `
      CREATE TABLE faq_feedback (
        faq_id TEXT PRIMARY KEY,
        helpful INTEGER NOT NULL DEFAULT 0,
        unhelpful INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'misses, answer counts per day, privacy notice shown',
    // src/store/misses.ts writes these. See README "Data and privacy" for what each holds and for how long.
    up: `
      -- Questions the bot could not answer or that got a 👎, for content editors: redacted text only, no user,
      -- no channel, the day only. Never a sensitive message. Deleted after MISSES_RETENTION_DAYS.
      CREATE TABLE missed_questions (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('unknown', 'unhelpful')),
        -- The entry that got the 👎 (reason 'unhelpful'); null for an unanswered question.
        faq_id TEXT,
        day TEXT NOT NULL
      );
      CREATE INDEX missed_questions_day ON missed_questions (day);

      -- How many answers of each kind per day: a count, nothing else (a sensitive message leaves only this).
      CREATE TABLE answer_counts (
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, kind)
      ) WITHOUT ROWID;

      -- A flag per Slack user: the privacy notice went with their first DM. No text, no time.
      CREATE TABLE privacy_notice_shown (
        slack_user_id TEXT PRIMARY KEY
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'delivery claims, scheduled reminder keys, Slack directory cache',
    // src/store/campaigns.ts and src/store/directory.ts write these. Deliveries are rebuilt because SQLite cannot widen a CHECK in place:
    // a row is claimed as 'sending' with an attempt key just before its message goes out.
    up: `
      CREATE TABLE deliveries_v5 (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
        person_id INTEGER REFERENCES people (id),
        target TEXT,
        status TEXT NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        -- Unique per attempt, sent as message metadata: after a crash it finds the message in the DM's history.
        attempt_key TEXT,
        claimed_at TEXT,
        message_ts TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (campaign_id, person_id)
      );
      INSERT INTO deliveries_v5 (id, campaign_id, person_id, target, status, reason, attempts, message_ts, updated_at)
        SELECT id, campaign_id, person_id, target, status, reason, attempts, message_ts, updated_at FROM deliveries;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_v5 RENAME TO deliveries;
      CREATE INDEX deliveries_campaign_status ON deliveries (campaign_id, status, id);

      -- A scheduled reminder's occurrence ('deadline-7:all-schools:2021-02-10'): one campaign each, ever.
      ALTER TABLE campaigns ADD COLUMN schedule_key TEXT;
      CREATE UNIQUE INDEX campaigns_schedule_key ON campaigns (schedule_key);
      -- The audience size when it was resolved, and the admin's progress message (to update it after a restart).
      ALTER TABLE campaigns ADD COLUMN recipients INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE campaigns ADD COLUMN progress_channel TEXT;
      ALTER TABLE campaigns ADD COLUMN progress_ts TEXT;
      ALTER TABLE campaigns ADD COLUMN stopped_reason TEXT;

      -- users.list, cached: who has a Slack account, by email, and whether it is deactivated.
      CREATE TABLE slack_directory (
        user_id TEXT PRIMARY KEY,
        email TEXT,
        deleted INTEGER NOT NULL,
        is_bot INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX slack_directory_email ON slack_directory (email);
      CREATE TABLE slack_directory_sync (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        synced_at TEXT NOT NULL,
        members INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'event ids already handled',
    // src/store/events.ts: Slack's event_id (or a command's envelope) and when it was first seen, for an hour,
    // so that every app process on the database answers a redelivered event once between them.
    up: `
      CREATE TABLE IF NOT EXISTS slack_event_ids (
        event_id TEXT PRIMARY KEY,
        seen_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'completion snapshots and completions imports',
    // src/store/snapshots.ts writes these: counts only, never a name, an email or a person's id.
    up: `
      -- One row per snapshot: after each completions import, once a day, and (reconstructed from completion
      -- dates) for the days before the first one or between two that were missed.
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        cycle TEXT NOT NULL,
        -- The day the counts are for, YYYY-MM-DD in the cycle's time zone.
        day TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('import', 'daily', 'reconstructed'))
      );
      CREATE INDEX snapshots_cycle_day ON snapshots (cycle, day, id);

      -- The counts of one snapshot per training group and department.
      CREATE TABLE snapshot_counts (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
        -- '' when the group cannot be told (the report's "No group" row).
        group_id TEXT NOT NULL,
        department TEXT NOT NULL,
        required INTEGER NOT NULL,
        completed INTEGER NOT NULL,
        overdue INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, group_id, department)
      ) WITHOUT ROWID;

      -- Each completions import (the LMS report): when, which file, and what it changed. Counts only.
      CREATE TABLE completion_imports (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        rows INTEGER NOT NULL,
        recorded INTEGER NOT NULL,
        earlier INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        unknown INTEGER NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'leases and the shared sending pace',
    up: LEASES_AND_PACE,
  },
  {
    version: 9,
    name: 'one feedback vote per person per answer',
    up: FEEDBACK_BALLOTS,
  },
  {
    version: 10,
    name: 'Slack time zones and per-delivery send times',
    up: SEND_WINDOWS,
  },
];

/**
 * PostgreSQL's schema: its version 1 is SQLite's 1 to 7 as they stand (identity keys, no WITHOUT ROWID, the
 * "C" collation so that text sorts byte by byte as in SQLite), then the same steps from SQLite's 8 on.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'people, completions, grants, imports, campaigns, deliveries, learning, directory, event ids, snapshots',
    up: postgresSchema(),
  },
  {
    version: 2,
    name: 'leases and the shared sending pace',
    up: LEASES_AND_PACE,
  },
  {
    version: 3,
    name: 'one feedback vote per person per answer',
    up: FEEDBACK_BALLOTS.replace(/ TEXT\b/g, ' TEXT COLLATE "C"'),
  },
  {
    version: 4,
    name: 'Slack time zones and per-delivery send times',
    up: SEND_WINDOWS.replace(/ TEXT;/g, ' TEXT COLLATE "C";'),
  },
];

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the database up to the last migration of its engine; returns the versions it applied. */
export async function applyMigrations(db: StoreDb, migrations?: readonly Migration[]): Promise<number[]> {
  const list = migrations ?? (db.engine === 'sqlite' ? MIGRATIONS : POSTGRES_MIGRATIONS);
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}.`);
  });
  // Under the write lock: replicas starting at once would otherwise race on creating it.
  if (db.engine === 'postgres')
    await db.connection.writing((trx) =>
      sql
        .raw(
          'CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)',
        )
        .execute(trx),
    );
  const current = await schemaVersion(db);
  if (current > list.length) {
    throw new MigrationError(
      `The database is at schema version ${current}, newer than this code knows (${list.length}): upgrade the app.`,
    );
  }
  const applied: number[] = [];
  for (const m of list.slice(current)) {
    try {
      if (await step(db, m)) applied.push(m.version);
    } catch (error) {
      throw new MigrationError(
        `Migration ${m.version} ("${m.name}") failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
  return applied;
}

/**
 * One migration in one write transaction, the version checked again under the lock: another process may be
 * opening the same database at the same time. False when it had already been applied.
 */
async function step(db: StoreDb, m: Migration): Promise<boolean> {
  if (db.engine === 'sqlite') {
    // SQLite's migrations hold several statements each, which only its own exec() runs in one call.
    const { sqlite } = db;
    return sqlite
      .transaction((): boolean => {
        if ((sqlite.pragma('user_version', { simple: true }) as number) >= m.version) return false;
        sqlite.exec(m.up);
        sqlite.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
  }
  return db.connection.writing(async (trx) => {
    const row = await sql<{ version: number }>`SELECT version FROM schema_version WHERE id = 1`.execute(trx);
    if ((row.rows[0]?.version ?? 0) >= m.version) return false;
    await sql.raw(m.up).execute(trx);
    await sql`INSERT INTO schema_version (id, version) VALUES (1, ${m.version})
      ON CONFLICT (id) DO UPDATE SET version = excluded.version`.execute(trx);
    return true;
  });
}

/** The version the migrations brought the database to. */
export async function schemaVersion(db: StoreDb): Promise<number> {
  if (db.engine === 'sqlite') {
    const rows = await sql<{ user_version: number }>`PRAGMA user_version`.execute(db.connection.db);
    return rows.rows[0]?.user_version ?? 0;
  }
  const row = await sql<{ version: number }>`SELECT version FROM schema_version WHERE id = 1`.execute(
    db.connection.db,
  );
  return row.rows[0]?.version ?? 0;
}

function postgresSchema(): string {
  const identity = 'INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY';
  return `
    CREATE TABLE people (
      id ${identity},
      email TEXT NOT NULL UNIQUE,
      name TEXT,
      role TEXT NOT NULL,
      paid INTEGER,
      study_year INTEGER,
      start_date TEXT,
      appointment_end TEXT,
      leave TEXT,
      graduating INTEGER,
      area TEXT,
      group_id TEXT,
      department TEXT,
      supervisor INTEGER,
      slack_user_id TEXT UNIQUE,
      slack_linked_at TEXT,
      active INTEGER NOT NULL DEFAULT 1,
      last_seen_in_roster TEXT
    );
    CREATE INDEX people_active_department ON people (active, department);
    CREATE INDEX people_role_area ON people (role, area);
    CREATE INDEX people_group ON people (group_id);

    CREATE TABLE completions (
      person_id INTEGER NOT NULL REFERENCES people (id),
      cycle TEXT NOT NULL,
      module TEXT NOT NULL,
      completed_on TEXT NOT NULL,
      PRIMARY KEY (person_id, cycle, module)
    );
    CREATE INDEX completions_cycle_person ON completions (cycle, person_id, completed_on);

    CREATE TABLE access_grants (
      email TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'dept-admin')),
      department TEXT NOT NULL DEFAULT '',
      granted_at TEXT NOT NULL,
      PRIMARY KEY (email, role, department)
    );

    CREATE TABLE roster_imports (
      id ${identity},
      file TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      added INTEGER NOT NULL,
      updated INTEGER NOT NULL,
      deactivated INTEGER NOT NULL,
      unchanged INTEGER NOT NULL
    );

    CREATE TABLE campaigns (
      id ${identity},
      kind TEXT NOT NULL CHECK (kind IN ('reminder', 'announcement')),
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      spec_json TEXT NOT NULL,
      dry_run INTEGER NOT NULL DEFAULT 0,
      finished_at TEXT,
      schedule_key TEXT UNIQUE,
      recipients INTEGER NOT NULL DEFAULT 0,
      progress_channel TEXT,
      progress_ts TEXT,
      stopped_reason TEXT
    );

    CREATE TABLE deliveries (
      id ${identity},
      campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
      person_id INTEGER REFERENCES people (id),
      target TEXT,
      status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
      reason TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      attempt_key TEXT,
      claimed_at TEXT,
      message_ts TEXT,
      updated_at TEXT NOT NULL,
      UNIQUE (campaign_id, person_id)
    );
    CREATE INDEX deliveries_campaign_status ON deliveries (campaign_id, status, id);

    CREATE TABLE faq_feedback (
      faq_id TEXT PRIMARY KEY,
      helpful INTEGER NOT NULL DEFAULT 0,
      unhelpful INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE missed_questions (
      id ${identity},
      text TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (reason IN ('unknown', 'unhelpful')),
      faq_id TEXT,
      day TEXT NOT NULL
    );
    CREATE INDEX missed_questions_day ON missed_questions (day);

    CREATE TABLE answer_counts (
      day TEXT NOT NULL,
      kind TEXT NOT NULL,
      count INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (day, kind)
    );

    CREATE TABLE privacy_notice_shown (
      slack_user_id TEXT PRIMARY KEY
    );

    CREATE TABLE slack_directory (
      user_id TEXT PRIMARY KEY,
      email TEXT,
      deleted INTEGER NOT NULL,
      is_bot INTEGER NOT NULL
    );
    CREATE INDEX slack_directory_email ON slack_directory (email);
    CREATE TABLE slack_directory_sync (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      synced_at TEXT NOT NULL,
      members INTEGER NOT NULL
    );

    CREATE TABLE slack_event_ids (
      event_id TEXT PRIMARY KEY,
      seen_at BIGINT NOT NULL
    );

    CREATE TABLE snapshots (
      id ${identity},
      cycle TEXT NOT NULL,
      day TEXT NOT NULL,
      taken_at TEXT NOT NULL,
      reason TEXT NOT NULL CHECK (reason IN ('import', 'daily', 'reconstructed'))
    );
    CREATE INDEX snapshots_cycle_day ON snapshots (cycle, day, id);
    CREATE TABLE snapshot_counts (
      snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
      group_id TEXT NOT NULL,
      department TEXT NOT NULL,
      required INTEGER NOT NULL,
      completed INTEGER NOT NULL,
      overdue INTEGER NOT NULL,
      PRIMARY KEY (snapshot_id, group_id, department)
    );

    CREATE TABLE completion_imports (
      id ${identity},
      file TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      rows INTEGER NOT NULL,
      recorded INTEGER NOT NULL,
      earlier INTEGER NOT NULL,
      unchanged INTEGER NOT NULL,
      unknown INTEGER NOT NULL
    );
  `.replace(/ TEXT\b/g, ' TEXT COLLATE "C"');
}
