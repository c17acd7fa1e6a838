// The Slack directory cache: users.list as last fetched (who has an account, by email, and whether it is
// deactivated), so a campaign resolves thousands of recipients without a lookup each. Migration 5's tables.
import type { StoreConnection } from './connection.js';

export interface DirectoryMember {
  userId: string;
  email: string | null;
  deleted: boolean;
  isBot: boolean;
  /** users.list `tz`; null when Slack gave none. */
  tz: string | null;
}

export interface DirectoryRepository {
  /** Replaces the whole cache in one transaction and notes when. */
  replaceDirectory(members: readonly DirectoryMember[]): Promise<void>;
  directorySyncedAt(): Promise<Date | null>;
  directoryByEmail(email: string): Promise<DirectoryMember | null>;
  directoryByUser(userId: string): Promise<DirectoryMember | null>;
  /** Every cached account with one of these user ids or emails: a page of a campaign in two queries. */
  directoryFor(userIds: readonly string[], emails: readonly string[]): Promise<DirectoryMember[]>;
}

interface DirectoryRow {
  user_id: string;
  email: string | null;
  deleted: number;
  is_bot: number;
  tz: string | null;
}

// Rows per multi-row INSERT: well under both engines' limits on bound parameters.
const INSERT_CHUNK = 500;

export function createDirectoryRepository(connection: StoreConnection, now: () => Date): DirectoryRepository {
  const { db } = connection;
  return {
    async replaceDirectory(members) {
      await connection.writing(async (trx) => {
        await trx.deleteFrom('slack_directory').execute();
        // One row per user id (the last one given wins), as the upsert did one row at a time; made a chunk at
        // a time, not all 20,000 at once.
        const byUser = new Map<string, DirectoryMember>();
        for (const m of members) byUser.set(m.userId, m);
        const all = [...byUser.values()];
        for (let i = 0; i < all.length; i += INSERT_CHUNK)
          await trx
            .insertInto('slack_directory')
            .values(
              all.slice(i, i + INSERT_CHUNK).map(
                (m): DirectoryRow => ({
                  user_id: m.userId,
                  email: m.email?.toLowerCase() ?? null,
                  deleted: m.deleted ? 1 : 0,
                  is_bot: m.isBot ? 1 : 0,
                  tz: m.tz ?? null,
                }),
              ),
            )
            .execute();
        await trx
          .insertInto('slack_directory_sync')
          .values({ id: 1, synced_at: now().toISOString(), members: members.length })
          .onConflict((conflict) =>
            conflict.column('id').doUpdateSet((eb) => ({
              synced_at: eb.ref('excluded.synced_at'),
              members: eb.ref('excluded.members'),
            })),
          )
          .execute();
      });
    },
    async directorySyncedAt() {
      const row = await db
        .selectFrom('slack_directory_sync')
        .select('synced_at')
        .where('id', '=', 1)
        .executeTakeFirst();
      return row ? new Date(row.synced_at) : null;
    },
    async directoryByEmail(email) {
      // Several accounts may share an email (a deactivated one and its replacement): the live one wins.
      const row = await db
        .selectFrom('slack_directory')
        .selectAll()
        .where('email', '=', email.trim().toLowerCase())
        .orderBy('deleted')
        .orderBy('is_bot')
        .limit(1)
        .executeTakeFirst();
      return row ? toMember(row) : null;
    },
    async directoryFor(userIds, emails) {
      const lower = emails.map((e) => e.trim().toLowerCase());
      const rows = [
        ...(userIds.length > 0
          ? await db
              .selectFrom('slack_directory')
              .selectAll()
              .where('user_id', 'in', [...userIds])
              .execute()
          : []),
        ...(lower.length > 0
          ? await db.selectFrom('slack_directory').selectAll().where('email', 'in', lower).execute()
          : []),
      ];
      return rows.map(toMember);
    },
    async directoryByUser(userId) {
      const row = await db
        .selectFrom('slack_directory')
        .selectAll()
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row ? toMember(row) : null;
    },
  };
}

function toMember(row: DirectoryRow): DirectoryMember {
  return {
    userId: row.user_id,
    email: row.email,
    deleted: row.deleted === 1,
    isBot: row.is_bot === 1,
    tz: row.tz,
  };
}
