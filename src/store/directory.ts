// The Slack directory cache: users.list as last fetched (who has an account, by email, and whether it is
// deactivated), so a campaign resolves thousands of recipients without a lookup each. Migration 5's tables.
import type { Db } from './db.js';

export interface DirectoryMember {
  userId: string;
  email: string | null;
  deleted: boolean;
  isBot: boolean;
}

export interface DirectoryRepository {
  /** Replaces the whole cache in one transaction and notes when. */
  replaceDirectory(members: readonly DirectoryMember[]): void;
  directorySyncedAt(): Date | null;
  directoryByEmail(email: string): DirectoryMember | null;
  directoryByUser(userId: string): DirectoryMember | null;
}

interface DirectoryRow {
  user_id: string;
  email: string | null;
  deleted: number;
  is_bot: number;
}

export function createDirectoryRepository(db: Db, now: () => Date): DirectoryRepository {
  const s = {
    clearDirectory: db.prepare('DELETE FROM slack_directory'),
    insertMember: db.prepare(
      `INSERT INTO slack_directory (user_id, email, deleted, is_bot) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, deleted = excluded.deleted, is_bot = excluded.is_bot`,
    ),
    synced: db.prepare(
      `INSERT INTO slack_directory_sync (id, synced_at, members) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET synced_at = excluded.synced_at, members = excluded.members`,
    ),
    syncedAt: db.prepare<[], { synced_at: string }>(
      'SELECT synced_at FROM slack_directory_sync WHERE id = 1',
    ),
    // Several accounts may share an email (a deactivated one and its replacement): the live one wins.
    memberByEmail: db.prepare<[string], DirectoryRow>(
      'SELECT * FROM slack_directory WHERE email = ? ORDER BY deleted, is_bot LIMIT 1',
    ),
    memberByUser: db.prepare<[string], DirectoryRow>('SELECT * FROM slack_directory WHERE user_id = ?'),
  };

  const replace = db.transaction((members: readonly DirectoryMember[]) => {
    s.clearDirectory.run();
    for (const m of members) {
      s.insertMember.run(m.userId, m.email?.toLowerCase() ?? null, m.deleted ? 1 : 0, m.isBot ? 1 : 0);
    }
    s.synced.run(now().toISOString(), members.length);
  });

  return {
    replaceDirectory: (members) => replace.immediate(members),
    directorySyncedAt() {
      const row = s.syncedAt.get();
      return row ? new Date(row.synced_at) : null;
    },
    directoryByEmail(email) {
      const row = s.memberByEmail.get(email.trim().toLowerCase());
      return row ? toMember(row) : null;
    },
    directoryByUser(userId) {
      const row = s.memberByUser.get(userId);
      return row ? toMember(row) : null;
    },
  };
}

function toMember(row: DirectoryRow): DirectoryMember {
  return { userId: row.user_id, email: row.email, deleted: row.deleted === 1, isBot: row.is_bot === 1 };
}
