// The Slack side of "who is asking": a user's email from users.info (scope users:read.email), for a person whose
// Slack id is not linked to the roster yet. A roster match is linked in the database at once, so users.info is
// asked about a person once; the answers are also kept here, so a person the roster does not know does not cost a
// call per message. users.info is a Tier 4 method (100+ calls a minute per workspace, with bursts; Slack's method
// reference): ten minutes of memory keeps it there when such a person asks again and again, and an email changed
// in Slack meanwhile matters only for that long. Questions that arrive together share one call.
import type { webApi } from '@slack/bolt';

/** How long an answer of users.info is used again (default of EmailLookupOptions.ttlMs). */
export const EMAIL_LOOKUP_TTL_MS = 10 * 60 * 1000;

export interface EmailLookupOptions {
  ttlMs?: number;
  now?: () => number;
  max?: number;
}

export function createSlackEmailLookup(
  client: Pick<webApi.WebClient, 'users'>,
  options: EmailLookupOptions = {},
): (slackUserId: string) => Promise<string | null> {
  const ttlMs = options.ttlMs ?? EMAIL_LOOKUP_TTL_MS;
  const now = options.now ?? Date.now;
  const max = options.max ?? 5_000;
  const cache = new Map<string, { email: string | null; at: number }>();
  const asking = new Map<string, Promise<string | null>>();
  const ask = async (slackUserId: string) => {
    const result = await client.users.info({ user: slackUserId });
    const user = result.user;
    // Bots and deactivated accounts never match a roster record.
    const email = user && !user.is_bot && !user.deleted ? (user.profile?.email ?? null) : null;
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
