// The Slack side of "who is asking": a user's email (scope users:read.email), for a person whose Slack id is not
// linked to the roster yet. From the synced Slack directory first (the `slack_directory` rows users.list filled,
// while current by the directory's own rule, DIRECTORY_MAX_AGE_MS), and from users.info only for someone it does
// not have: users.info is a Tier 4 method (100+ calls a minute per workspace, with bursts; Slack's method
// reference), and a burst of first DMs from many people would otherwise be a burst of calls, some answered 429.
// A roster match is linked in the database at once, so a person is looked up once; the answers are also kept
// here, so a person the roster does not know does not cost a lookup per message: ten minutes of memory keeps
// users.info under its limit when such a person asks again and again, and an email changed in Slack meanwhile
// matters only for that long. Questions that arrive together share one lookup.
import type { DirectoryMember, DirectoryRepository } from '../store/index.js';
import type { ReplyCaller } from './web-api/replies.js';

/** How long an answer of users.info is used again (default of EmailLookupOptions.ttlMs). */
export const EMAIL_LOOKUP_TTL_MS = 10 * 60 * 1000;

export interface EmailLookupOptions {
  ttlMs?: number;
  now?: () => number;
  max?: number;
  /** The synced Slack directory: a user it has, while it is current, is answered without users.info. */
  directory?: Pick<DirectoryRepository, 'currentDirectoryByUser'>;
}

/** What users.info answers of a user, as far as the lookup reads it. */
interface SlackUser {
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { email?: string };
}

export function createSlackEmailLookup(
  client: ReplyCaller,
  options: EmailLookupOptions = {},
): (slackUserId: string) => Promise<string | null> {
  const ttlMs = options.ttlMs ?? EMAIL_LOOKUP_TTL_MS;
  const now = options.now ?? Date.now;
  const max = options.max ?? 5_000;
  const { directory } = options;
  const cache = new Map<string, { email: string | null; at: number }>();
  const asking = new Map<string, Promise<string | null>>();

  /** What the directory says of the user; undefined when it cannot say (then Slack is asked). */
  const fromDirectory = async (slackUserId: string): Promise<{ email: string | null } | undefined> => {
    if (!directory) return undefined;
    let member: DirectoryMember | null;
    try {
      member = await directory.currentDirectoryByUser(slackUserId);
    } catch {
      // The database cannot be read now: users.info still can.
      return undefined;
    }
    // Not in it; or deactivated there, although they are writing now: reactivated since the sync.
    if (!member || member.deleted) return undefined;
    // Bots never match a roster record.
    return { email: member.isBot ? null : member.email };
  };
  const fromSlack = async (slackUserId: string): Promise<string | null> => {
    const user = (await client.call('users.info', { user: slackUserId }))['user'] as SlackUser | undefined;
    // Bots and deactivated accounts never match a roster record.
    return user && !user.is_bot && !user.deleted ? (user.profile?.email ?? null) : null;
  };
  const ask = async (slackUserId: string) => {
    const known = await fromDirectory(slackUserId);
    const email = known ? known.email : await fromSlack(slackUserId);
    cache.delete(slackUserId);
    cache.set(slackUserId, { email, at: now() });
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
    return email;
  };
  return (slackUserId) => {
    const hit = cache.get(slackUserId);
    if (hit && now() - hit.at < ttlMs) return Promise.resolve(hit.email);
    let pending = asking.get(slackUserId);
    if (!pending) {
      pending = ask(slackUserId).finally(() => asking.delete(slackUserId));
      asking.set(slackUserId, pending);
    }
    return pending;
  };
}
