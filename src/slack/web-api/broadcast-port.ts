// The broadcast port over Slack's Web API: chat.postMessage with the delivery key in the message metadata,
// users.list for the directory, and conversations.open + conversations.history to find a delivered message.
import type { BroadcastPort } from '../../broadcast/port.js';
import { renderMessage } from '../views/render.js';
import type { SlackCaller } from './caller.js';

/** Metadata on every broadcast message: after a crash, the delivery key finds it in the DM's history. */
export const METADATA_EVENT_TYPE = 'harassment_training_broadcast';

/** How many pages of history a lookup reads before it gives up (200 messages each). */
const HISTORY_PAGES = 10;
/** A minute of margin for clock skew between this machine and Slack. */
const CLOCK_SKEW_MS = 60_000;
/** A lookup asked to wait (429) tries again this many times, each after Slack's Retry-After. */
const LOOKUP_RATE_LIMIT_TRIES = 3;
/** Nor longer than this for one wait: an unanswerable lookup is recorded as unconfirmed instead. */
const LOOKUP_MAX_WAIT_MS = 30_000;

export interface BroadcastPortOptions {
  sleep?: (ms: number) => Promise<void>;
}

export function createSlackBroadcastPort(
  caller: SlackCaller,
  options: BroadcastPortOptions = {},
): BroadcastPort {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // conversations.* are Tier 3 (about 50 a minute): a lookup during a burst of ambiguous answers may be
  // asked to wait, which it does, a few times, rather than give up on the first 429.
  const lookup = async (method: string, args: Record<string, unknown>) => {
    for (let tries = 1; ; tries++) {
      const result = await caller.call(method, args);
      if (result.ok || result.error !== 'ratelimited' || tries >= LOOKUP_RATE_LIMIT_TRIES) return result;
      await sleep(Math.min(LOOKUP_MAX_WAIT_MS, result.retryAfterMs ?? 1000));
    }
  };
  return {
    async post({ channel, message, deliveryKey, campaignId }) {
      const { text, blocks } = renderMessage(message);
      const result = await caller.call('chat.postMessage', {
        channel,
        text,
        blocks,
        ...(deliveryKey
          ? {
              metadata: {
                event_type: METADATA_EVENT_TYPE,
                event_payload: { campaign: campaignId ?? 0, delivery_key: deliveryKey },
              },
            }
          : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!result.ok) return result;
      return {
        ok: true,
        value: { ts: String(result.data['ts'] ?? ''), channel: String(result.data['channel'] ?? channel) },
      };
    },

    async listUsers({ cursor, limit }) {
      const result = await caller.call('users.list', { limit, ...(cursor ? { cursor } : {}) });
      if (!result.ok) return result;
      const members = ((result.data['members'] ?? []) as Record<string, unknown>[]).map((m) => {
        const profile = (m['profile'] ?? {}) as Record<string, unknown>;
        return {
          userId: String(m['id']),
          email: typeof profile['email'] === 'string' ? profile['email'] : null,
          deleted: m['deleted'] === true,
          isBot: m['is_bot'] === true || m['id'] === 'USLACKBOT',
          tz: typeof m['tz'] === 'string' && m['tz'] !== '' ? m['tz'] : null,
        };
      });
      const next = (result.data['response_metadata'] as { next_cursor?: string } | undefined)?.next_cursor;
      return { ok: true, value: { members, nextCursor: next ? next : null } };
    },

    async findDelivered(target, deliveryKey, since) {
      let channel = target;
      if (/^[UW]/.test(channel)) {
        const opened = await lookup('conversations.open', { users: channel, return_im: true });
        if (!opened.ok) return null;
        channel = String((opened.data['channel'] as { id?: unknown } | undefined)?.id ?? '');
        if (!channel) return null;
      }
      const oldest = (since.getTime() - CLOCK_SKEW_MS) / 1000;
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const history = await lookup('conversations.history', {
          channel,
          oldest: oldest.toFixed(6),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        if (!history.ok) return null;
        for (const message of (history.data['messages'] ?? []) as Record<string, unknown>[]) {
          const payload = (message['metadata'] as { event_payload?: Record<string, unknown> } | undefined)
            ?.event_payload;
          if (payload?.['delivery_key'] === deliveryKey) return String(message['ts'] ?? '');
        }
        const next = (history.data['response_metadata'] as { next_cursor?: string } | undefined)?.next_cursor;
        if (!next) return false;
        cursor = next;
      }
      return null;
    },
  };
}
