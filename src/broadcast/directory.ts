// Slack ids for a whole audience at once: users.list, paginated, cached in the store and refreshed when stale.
// One users.lookupByEmail per person would take hours for 20,000 people at Tier 3.

import { AppError } from '../errors.js';
import {
  DIRECTORY_MAX_AGE_MS,
  type DirectoryMember,
  type DirectoryRepository,
  type Person,
} from '../store/index.js';
import type { BroadcastPort } from './port.js';

export type SlackTarget =
  /** `tz`: their Slack time zone as users.list last gave it (null when unknown). */
  | { ok: true; userId: string; tz: string | null }
  | { ok: false; reason: typeof NO_SLACK_ACCOUNT | typeof DEACTIVATED };

export const NO_SLACK_ACCOUNT = 'no Slack account';
export const DEACTIVATED = 'deactivated in Slack';

export class DirectoryError extends AppError {
  static override readonly code = 'slack_directory_failed';
  static override readonly expected = true;
  override name = 'DirectoryError';
}

export interface SlackDirectory {
  /** Fetches users.list again when the cache is older than `maxAgeMs` (or was never filled). */
  refreshIfStale(): Promise<{ refreshed: boolean; members: number; pages: number }>;
  refresh(): Promise<{ members: number; pages: number }>;
  /** The roster's Slack id when Slack knows it, else the account with the person's email. */
  resolve(person: Pick<Person, 'profile' | 'slackUserId'>): Promise<SlackTarget>;
  /**
   * `resolve` for a page of people at once, from two queries: the answers it gives are resolve's for each of
   * them (a campaign's page of deliveries, without a lookup per person).
   */
  resolverFor(
    people: readonly Pick<Person, 'profile' | 'slackUserId'>[],
  ): Promise<(person: Pick<Person, 'profile' | 'slackUserId'>) => SlackTarget>;
}

/** resolve's decision, from what the cache holds for the person. */
function decide(
  person: Pick<Person, 'profile' | 'slackUserId'>,
  known: DirectoryMember | null,
  byEmail: DirectoryMember | null,
  synced: boolean,
): SlackTarget {
  if (person.slackUserId) {
    if (known?.deleted) return { ok: false, reason: DEACTIVATED };
    if (known || !synced) return { ok: true, userId: person.slackUserId, tz: known?.tz ?? null };
  }
  if (!byEmail || byEmail.isBot) return { ok: false, reason: NO_SLACK_ACCOUNT };
  if (byEmail.deleted) return { ok: false, reason: DEACTIVATED };
  return { ok: true, userId: byEmail.userId, tz: byEmail.tz };
}

/** Several accounts may share an email (a deactivated one and its replacement): the live one wins. */
function better(a: DirectoryMember | undefined, b: DirectoryMember): DirectoryMember {
  if (!a) return b;
  const rank = (m: DirectoryMember) => Number(m.deleted) * 2 + Number(m.isBot);
  return rank(b) < rank(a) ? b : a;
}

export interface SlackDirectoryOptions {
  port: Pick<BroadcastPort, 'listUsers'>;
  store: DirectoryRepository;
  now?: () => Date;
  /** Default DIRECTORY_MAX_AGE_MS (a day). */
  maxAgeMs?: number;
  pageSize?: number;
  /** Waits for users.list's Retry-After (Tier 2). */
  sleep?: (ms: number) => Promise<void>;
}

const MAX_RATE_LIMITED = 20;

export function createSlackDirectory(options: SlackDirectoryOptions): SlackDirectory {
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? DIRECTORY_MAX_AGE_MS;
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
      const known = person.slackUserId ? await store.directoryByUser(person.slackUserId) : null;
      const synced = person.slackUserId && !known ? (await store.directorySyncedAt()) !== null : true;
      if (person.slackUserId && (known || !synced)) return decide(person, known, null, synced);
      const byEmail = person.profile.email ? await store.directoryByEmail(person.profile.email) : null;
      return decide(person, known, byEmail, synced);
    },
    async resolverFor(people) {
      const ids = people.flatMap((p) => (p.slackUserId ? [p.slackUserId] : []));
      const emails = people.flatMap((p) => (p.profile.email ? [p.profile.email] : []));
      const [members, syncedAt] = await Promise.all([
        store.directoryFor(ids, emails),
        store.directorySyncedAt(),
      ]);
      const byUser = new Map<string, DirectoryMember>();
      const byEmail = new Map<string, DirectoryMember>();
      for (const m of members) {
        byUser.set(m.userId, m);
        if (m.email) byEmail.set(m.email, better(byEmail.get(m.email), m));
      }
      return (person) =>
        decide(
          person,
          person.slackUserId ? (byUser.get(person.slackUserId) ?? null) : null,
          person.profile.email ? (byEmail.get(person.profile.email.trim().toLowerCase()) ?? null) : null,
          syncedAt !== null,
        );
    },
  };
}
