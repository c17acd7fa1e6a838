// What broadcasts need from the chat platform, and nothing more: post a message, list the workspace's people,
// and look for a message already delivered. src/slack/web-api implements it over Slack's Web API; tests and
// benches use the same implementation against a local stand-in.
import type { Message } from '../text/reply.js';

export type PortResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /**
       * The platform's error code (`user_not_found`), `ratelimited`, `http_503`; `timeout` or
       * `connection_lost` (no answer heard: it may have arrived), `network_error` (the platform was never
       * reached).
       */
      error: string;
      /** How long the platform asked us to wait (a 429's Retry-After). */
      retryAfterMs?: number;
      /** HTTP status; 0 when the request never got an answer. */
      status: number;
      /**
       * The call may have taken effect although it failed, so trying again could do it twice: `late` when it
       * may still be landing (a timeout, a dropped connection), `now` when the platform answered an error
       * after doing part of the work. Absent: it certainly did not.
       */
      mayHaveTakenEffect?: 'late' | 'now';
    };

export interface OutgoingMessage {
  /** A user id (posts into the app's DM with them) or a channel id. */
  channel: string;
  message: Message;
  /** Carried with the message, so that `findDelivered` can tell whether it arrived. */
  deliveryKey?: string;
  /** The campaign it belongs to, carried with the key. */
  campaignId?: number;
}

export interface DirectoryMember {
  userId: string;
  email: string | null;
  deleted: boolean;
  isBot: boolean;
  /** Their Slack time zone (users.list `tz`, e.g. `America/Los_Angeles`); null when Slack gave none. */
  tz: string | null;
}

export interface DirectoryPage {
  members: DirectoryMember[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export interface BroadcastPort {
  post(message: OutgoingMessage): Promise<PortResult<{ ts: string; channel: string }>>;
  listUsers(options: { cursor?: string; limit: number }): Promise<PortResult<DirectoryPage>>;
  /**
   * Whether a message with this delivery key reached `target` since `since`: its ts if it did, false if it
   * did not, null when the platform could not be asked.
   */
  findDelivered(target: string, deliveryKey: string, since: Date): Promise<string | false | null>;
}
