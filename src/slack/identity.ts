// The Slack side of "who is asking": a user's email from users.info (scope users:read.email), cached so a
// person without a roster record does not cost a Web API call per message.
import type { webApi } from '@slack/bolt';

export interface EmailLookupOptions {
  ttlMs?: number;
  now?: () => number;
  max?: number;
}

export function createSlackEmailLookup(
  client: Pick<webApi.WebClient, 'users'>,
  options: EmailLookupOptions = {},
): (slackUserId: string) => Promise<string | null> {
  const ttlMs = options.ttlMs ?? 10 * 60 * 1000;
  const now = options.now ?? Date.now;
  const max = options.max ?? 5_000;
  const cache = new Map<string, { email: string | null; at: number }>();
  return async (slackUserId) => {
    const hit = cache.get(slackUserId);
    if (hit && now() - hit.at < ttlMs) return hit.email;
    const result = await client.users.info({ user: slackUserId });
    const user = result.user;
    // Bots and deactivated accounts never match a roster record.
    const email = user && !user.is_bot && !user.deleted ? (user.profile?.email ?? null) : null;
    cache.delete(slackUserId);
    cache.set(slackUserId, { email, at: now() });
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
    return email;
  };
}
