// Slack ids for a whole audience at once: users.list, paginated, cached in the store and refreshed when stale.
// One users.lookupByEmail per person would take hours for 20,000 people at Tier 3.

import { DAY_MS } from '../rules/index.js';
import type { DirectoryRepository, Person } from '../store/index.js';
import type { BroadcastPort, DirectoryMember } from './port.js';

export type SlackTarget =
  /** `tz`: their Slack time zone as users.list last gave it (null when unknown). */
  | { ok: true; userId: string; tz: string | null }
  | { ok: false; reason: typeof NO_SLACK_ACCOUNT | typeof DEACTIVATED };

export const NO_SLACK_ACCOUNT = 'no Slack account';
export const DEACTIVATED = 'deactivated in Slack';

export class DirectoryError extends Error {
  override name = 'DirectoryError';
}

export interface SlackDirectory {
  /** Fetches users.list again when the cache is older than `maxAgeMs` (or was never filled). */
  refreshIfStale(): Promise<{ refreshed: boolean; members: number; pages: number }>;
  refresh(): Promise<{ members: number; pages: number }>;
  /** The roster's Slack id when Slack knows it, else the account with the person's email. */
  resolve(person: Pick<Person, 'profile' | 'slackUserId'>): Promise<SlackTarget>;
}

export interface SlackDirectoryOptions {
  port: Pick<BroadcastPort, 'listUsers'>;
  store: DirectoryRepository;
  now?: () => Date;
  /** Default one day: people join and leave Slack slowly, and a reminder to a new account can wait a day. */
  maxAgeMs?: number;
  pageSize?: number;
  /** Waits for users.list's Retry-After (Tier 2). */
  sleep?: (ms: number) => Promise<void>;
}

const MAX_RATE_LIMITED = 20;

export function createSlackDirectory(options: SlackDirectoryOptions): SlackDirectory {
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? DAY_MS;
  const pageSize = options.pageSize ?? 200;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { store } = options;

  async function refresh(): Promise<{ members: number; pages: number }> {
    const members: DirectoryMember[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let limited = 0;
    do {
      const result = await options.port.listUsers({ limit: pageSize, ...(cursor ? { cursor } : {}) });
      if (!result.ok) {
        if (result.error === 'ratelimited' && limited++ < MAX_RATE_LIMITED) {
          await sleep(result.retryAfterMs ?? 1000);
          continue;
        }
        throw new DirectoryError(`users.list failed: ${result.error}`);
      }
      pages += 1;
      members.push(...result.value.members);
      cursor = result.value.nextCursor ?? undefined;
    } while (cursor);
    await store.replaceDirectory(members);
    return { members: members.length, pages };
  }

  return {
    refresh,
    async refreshIfStale() {
      const synced = await store.directorySyncedAt();
      if (synced && now().getTime() - synced.getTime() < maxAgeMs)
        return { refreshed: false, members: -1, pages: 0 };
      return { refreshed: true, ...(await refresh()) };
    },
    async resolve(person) {
      if (person.slackUserId) {
        const known = await store.directoryByUser(person.slackUserId);
        if (known?.deleted) return { ok: false, reason: DEACTIVATED };
        if (known || (await store.directorySyncedAt()) === null)
          return { ok: true, userId: person.slackUserId, tz: known?.tz ?? null };
      }
      const byEmail = person.profile.email ? await store.directoryByEmail(person.profile.email) : null;
      if (!byEmail || byEmail.isBot) return { ok: false, reason: NO_SLACK_ACCOUNT };
      if (byEmail.deleted) return { ok: false, reason: DEACTIVATED };
      return { ok: true, userId: byEmail.userId, tz: byEmail.tz };
    },
  };
}
