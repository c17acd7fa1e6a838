// The Slack directory cache: users.list as last fetched (who has an account, by email, and whether it is
// deactivated), so a campaign resolves thousands of recipients, and the app the people who write to it, without
// a lookup each. Migration 5's tables.
import { coalesce } from '../coalesce.js';
import { compiledOnce } from './compiled.js';
import type { StoreConnection } from './connection.js';

/**
 * How long the cache counts as current after a sync: people join and leave Slack slowly, and a reminder to a new
 * account can wait a day. Older, a campaign fetches users.list again and the app asks users.info instead.
 */
export const DIRECTORY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

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
  /**
   * The cached account of a user id while the cache is current (synced less than `maxAgeMs` ago, by default
   * DIRECTORY_MAX_AGE_MS): null when the cache has no such account, is older, or was never filled. One query.
   */
  currentDirectoryByUser(userId: string, maxAgeMs?: number): Promise<DirectoryMember | null>;
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
  // A directory entry with the time of the sync it came from.
  const withSyncTime = () =>
    db
      .selectFrom('slack_directory as d')
      .innerJoin('slack_directory_sync as s', (join) => join.on('s.id', '=', 1))
      .selectAll('d')
      .select('s.synced_at');
  // Asked with every first DM (identity.ts): built and compiled once (compiled.ts).
  const memberOf = compiledOnce<{ userId: string }, DirectoryRow & { synced_at: string }>((value) =>
    withSyncTime().where('d.user_id', '=', value('userId')),
  );
  // On PostgreSQL, the first DMs arriving together ask in one statement (connection.coalesceReads).
  const membersOf = coalesce<string, (DirectoryRow & { synced_at: string }) | undefined>(async (userIds) => {
    const rows = await withSyncTime()
      .where('d.user_id', 'in', [...new Set(userIds)])
      .execute();
    const byUser = new Map(rows.map((row) => [row.user_id, row]));
    return userIds.map((userId) => byUser.get(userId));
  });
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
    async currentDirectoryByUser(userId, maxAgeMs = DIRECTORY_MAX_AGE_MS) {
      const row = connection.coalesceReads
        ? await membersOf(userId)
        : (await memberOf(db, { userId })).rows[0];
      // The same rule as the campaigns' refreshIfStale (src/broadcast/directory.ts).
      if (!row || now().getTime() - new Date(row.synced_at).getTime() >= maxAgeMs) return null;
      return toMember(row);
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
