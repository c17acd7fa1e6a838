// The one paced queue every broadcast posts through: messages at a steady rate under the platform's limit,
// a pause for the whole queue on 429 Retry-After, backoff on transient failures, permanent ones reported.
// A failure that may have taken effect (a timeout, a dropped connection, a 5xx) is never simply retried: the
// platform is asked first, by the delivery key the message carries, whether it arrived.
import { AppError } from '../errors.js';
import type { BroadcastPort, OutgoingMessage } from './port.js';

/** Why a run stopped when the records could not be read or written: resumed once the database answers. */
export const DATABASE_UNAVAILABLE = 'database_unavailable';

export interface QueueJob {
  /** For the per-channel limit (about one message per second per channel). */
  channel: string;
  /**
   * Called when the message is about to go out (not when it is queued), so that a delivery is claimed only
   * while its call is really in flight. Null cancels the job.
   */
  prepare(): Promise<OutgoingMessage | null> | OutgoingMessage | null;
}

export type PostOutcome =
  /** `confirmed`: the call failed ambiguously, and the platform then showed the message had arrived. */
  | { status: 'sent'; ts: string; channel: string; confirmed?: boolean }
  /**
   * The call failed in a way that may have delivered it (`error`: `timeout`, `connection_lost`, `http_503`…)
   * and the platform could not be asked whether it did: not sent again, so never twice.
   */
  | { status: 'unconfirmed'; error: string }
  /** `permanent`: Slack said no for this recipient; otherwise it kept failing after every retry. */
  | { status: 'failed'; error: string; permanent: boolean }
  /** The workspace token itself is refused: nothing else will get through either. */
  | { status: 'fatal'; error: string }
  | { status: 'cancelled' };

export interface QueueStats {
  sent: number;
  failed: number;
  /** Calls made again: after a 429 or a transient failure. */
  retries: number;
  rateLimited: number;
  /** Calls that failed in a way that may have delivered them, each then looked up. */
  ambiguous: number;
  /** Of those, found delivered (counted in `sent`). */
  confirmed: number;
  /** Of those, that could not be looked up (counted in `failed`). */
  unconfirmed: number;
}

export interface DeliveryQueue {
  post(job: QueueJob): Promise<PostOutcome>;
  stats(): QueueStats;
  readonly ratePerMinute: number;
  /** Jobs waiting or in flight. */
  readonly size: number;
}

export interface DeliveryQueueOptions {
  port: BroadcastPort;
  /** The pace for chat.postMessage across the whole app. Slack allows several hundred per minute per workspace. */
  ratePerMinute: number;
  /**
   * Calls in flight at once. Kept small: a delivery is claimed only as its call starts, so after a crash at
   * most this many are in doubt.
   */
  maxInFlight?: number;
  /** Minimum spacing of two messages to the same channel. */
  channelIntervalMs?: number;
  /** Calls per job before a transient failure is recorded (429s do not count: Slack said when to come back). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /**
   * After a call that may still be landing (a timeout), how long from its start before the platform is asked
   * whether it arrived: the request timeout plus a margin. Asking sooner could miss a message on its way.
   */
  settleMs?: number;
  /** Lookups of one ambiguous call before it is recorded unconfirmed. */
  maxLookups?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The pace shared with the other app processes on the database: reserves the next slot `intervalMs` after
   * anyone's last and returns when it starts. The rate then holds for the workspace, not per process.
   */
  sharedPace?: (nowMs: number, intervalMs: number) => Promise<number>;
  /** Told how each job ended, as it ends (for /metrics). */
  onOutcome?: (outcome: PostOutcome) => void;
}

/** Errors that say this recipient or channel will never take the message. */
export const PERMANENT_ERRORS = new Set([
  'user_not_found',
  'account_inactive',
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'cannot_dm_bot',
  'user_disabled',
  'restricted_action',
  'messages_tab_disabled',
  'msg_too_long',
  'invalid_blocks',
  'no_text',
  'too_many_attachments',
  'invalid_metadata_format',
  'invalid_arguments',
]);

/** Errors about the app's own credentials: stop everything rather than fail every recipient one by one. */
export const FATAL_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive_token',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'team_access_not_granted',
  'ekm_access_denied',
]);

/** Worth another try after a pause. */
export function isTransient(error: string): boolean {
  return (
    error === 'ratelimited' ||
    error === 'network_error' ||
    error === 'timeout' ||
    error === 'connection_lost' ||
    error === 'internal_error' ||
    error === 'fatal_error' ||
    error === 'service_unavailable' ||
    error === 'request_timeout' ||
    /^http_5\d\d$/.test(error)
  );
}

/** A broadcast rate that is not a positive number: a setting to fix, said plainly. */
export class QueueConfigError extends AppError {
  static override readonly code = 'broadcast_rate_invalid';
  static override readonly expected = true;
  override name = 'QueueConfigError';
}

interface Entry {
  job: QueueJob;
  message: OutgoingMessage | null;
  attempts: number;
  notBefore: number;
  /** When its first call started: an ambiguous call is looked for from then on. */
  firstCallAt: number | null;
  resolve: (outcome: PostOutcome) => void;
}

export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const { port, ratePerMinute } = options;
  if (!(Number.isFinite(ratePerMinute) && ratePerMinute > 0))
    throw new QueueConfigError(
      `The broadcast rate must be a positive number per minute (got ${ratePerMinute}).`,
    );
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  // Calls are spread evenly (a burst arrives bunched and trips a sliding-window limit at its edges); timers fire
  // late, so a little catching up is allowed, and a sliding window caps what any second can hold whatever happens.
  const interval = 60_000 / ratePerMinute;
  const catchUp = interval * 2;
  const windowMs = Math.max(1000, 60_000 / ratePerMinute);
  const perWindow = Math.max(1, Math.floor((ratePerMinute * windowMs) / 60_000));
  const channelInterval = options.channelIntervalMs ?? 1000;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxInFlight = options.maxInFlight ?? 32;
  const backoffBase = options.backoffBaseMs ?? 1000;
  const backoffMax = options.backoffMaxMs ?? 30_000;
  const settleMs = options.settleMs ?? 45_000;
  const maxLookups = options.maxLookups ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const backoff = (attempt: number) =>
    Math.min(backoffMax, backoffBase * 2 ** (attempt - 1)) * (0.5 + random() / 2);

  const waiting: Entry[] = [];
  const lastByChannel = new Map<string, number>();
  let inFlight = 0;
  /** Jobs given a shared slot that has not started yet. */
  let reserved = 0;
  /** Jobs whose last call was ambiguous, waiting for or in their lookup. */
  let lookingUp = 0;
  /** Start times of the latest calls, oldest first: at most `perWindow`. */
  const started: number[] = [];
  let nextSlot = 0;
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  const stats: QueueStats = {
    sent: 0,
    failed: 0,
    retries: 0,
    rateLimited: 0,
    ambiguous: 0,
    confirmed: 0,
    unconfirmed: 0,
  };

  const schedule = (at: number) => {
    if (timer) return;
    timer = setTimeout(
      () => {
        timer = null;
        pump();
      },
      Math.max(0, at - now()),
    );
  };

  function pump(): void {
    while (waiting.length > 0 && inFlight + reserved < maxInFlight) {
      const t = now();
      while (started.length > 0 && (started[0] as number) <= t - windowMs) started.shift();
      const slot = Math.max(nextSlot, started.length < perWindow ? t : (started[0] as number) + windowMs);
      const globalStart = Math.max(slot, pausedUntil);
      if (globalStart > t) {
        schedule(globalStart);
        return;
      }
      // The first job whose own wait (backoff, its channel's spacing) is over; the others keep their place.
      let index = -1;
      let earliest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < waiting.length; i++) {
        const entry = waiting[i] as Entry;
        const ready = Math.max(
          entry.notBefore,
          (lastByChannel.get(entry.job.channel) ?? -Infinity) + channelInterval,
        );
        if (ready <= t) {
          index = i;
          break;
        }
        earliest = Math.min(earliest, ready);
      }
      if (index < 0) {
        schedule(earliest);
        return;
      }
      const [entry] = waiting.splice(index, 1) as [Entry];
      started.push(t);
      nextSlot = Math.max(nextSlot, t - catchUp) + interval;
      lastByChannel.set(entry.job.channel, t);
      if (lastByChannel.size > 10_000) {
        for (const [channel, at] of lastByChannel)
          if (at < t - channelInterval) lastByChannel.delete(channel);
      }
      if (!options.sharedPace) {
        void dispatch(entry);
        continue;
      }
      // The shared slot is asked for without holding the loop; the job keeps its place in flight meanwhile.
      reserved += 1;
      void sharedSlot(t).then((shared) => {
        setTimeout(
          () => {
            reserved -= 1;
            void dispatch(entry);
          },
          Math.max(0, shared - now()),
        );
      });
    }
  }

  async function dispatch(entry: Entry): Promise<void> {
    if (entry.message === null) {
      try {
        entry.message = await entry.job.prepare();
      } catch (error) {
        // Nothing was claimed (the records could not be read or written): the job stops here, and the run with
        // it, to be resumed once the database answers again.
        started.pop();
        nextSlot -= interval;
        entry.resolve({ status: 'fatal', error: `${DATABASE_UNAVAILABLE}: ${messageOf(error)}` });
        return;
      }
      if (entry.message === null) {
        entry.resolve({ status: 'cancelled' });
        // The slot it took is given back: a skipped recipient costs no call.
        started.pop();
        nextSlot -= interval;
        return;
      }
    }
    const message = entry.message;
    inFlight += 1;
    entry.attempts += 1;
    const callStarted = now();
    entry.firstCallAt ??= callStarted;
    const result = await port.post(message);
    inFlight -= 1;
    if (!result.ok && result.mayHaveTakenEffect && result.error !== 'ratelimited') {
      stats.ambiguous += 1;
      const wait = result.mayHaveTakenEffect === 'late' ? callStarted + settleMs - now() : 0;
      void settle(entry, message, result.error, wait);
    } else if (result.ok) {
      stats.sent += 1;
      entry.resolve({ status: 'sent', ts: result.value.ts, channel: result.value.channel });
    } else if (result.error === 'ratelimited') {
      // The whole queue waits: every other call would get the same answer.
      stats.rateLimited += 1;
      stats.retries += 1;
      entry.attempts -= 1;
      pausedUntil = Math.max(pausedUntil, now() + (result.retryAfterMs ?? 1000));
      waiting.unshift(entry);
    } else if (FATAL_ERRORS.has(result.error)) {
      stats.failed += 1;
      entry.resolve({ status: 'fatal', error: result.error });
    } else if (isTransient(result.error) && entry.attempts < maxAttempts) {
      retryLater(entry);
    } else {
      stats.failed += 1;
      entry.resolve({ status: 'failed', error: result.error, permanent: !isTransient(result.error) });
    }
    pump();
  }

  // The database unreachable for a moment must not stop the queue: this process's own pace (above) still
  // holds, so at worst the replicas together go faster than the shared rate until it answers again.
  async function sharedSlot(t: number): Promise<number> {
    try {
      return (await options.sharedPace?.(t, interval)) ?? t;
    } catch {
      return t;
    }
  }

  function retryLater(entry: Entry): void {
    stats.retries += 1;
    entry.notBefore = now() + backoff(entry.attempts);
    // Behind the others, so one struggling recipient does not hold up the rest.
    waiting.push(entry);
  }

  /**
   * The call failed but may have delivered the message: wait until it can no longer be on its way, ask the
   * platform, and only then decide. Found → sent; absent → retried as any transient failure; cannot be told
   * → unconfirmed, not sent again. The slot it held is free meanwhile.
   */
  async function settle(entry: Entry, message: OutgoingMessage, error: string, waitMs: number) {
    lookingUp += 1;
    let found: string | false | null = null;
    try {
      if (waitMs > 0) await sleep(waitMs);
      if (message.deliveryKey !== undefined) {
        const since = new Date(entry.firstCallAt ?? now());
        for (let lookup = 1; lookup <= maxLookups; lookup++) {
          found = await port.findDelivered(message.channel, message.deliveryKey, since).catch(() => null);
          if (found !== null) break;
          if (lookup < maxLookups) await sleep(backoff(lookup));
        }
      }
    } finally {
      lookingUp -= 1;
    }
    if (typeof found === 'string') {
      stats.sent += 1;
      stats.confirmed += 1;
      entry.resolve({ status: 'sent', ts: found, channel: message.channel, confirmed: true });
    } else if (found === false && entry.attempts < maxAttempts) {
      retryLater(entry);
    } else if (found === false) {
      stats.failed += 1;
      entry.resolve({ status: 'failed', error, permanent: false });
    } else {
      stats.failed += 1;
      stats.unconfirmed += 1;
      entry.resolve({ status: 'unconfirmed', error });
    }
    pump();
  }

  return {
    ratePerMinute,
    get size() {
      return waiting.length + inFlight + reserved + lookingUp;
    },
    stats: () => ({ ...stats }),
    post(job) {
      return new Promise<PostOutcome>((settled) => {
        const resolve = (outcome: PostOutcome) => {
          options.onOutcome?.(outcome);
          settled(outcome);
        };
        waiting.push({ job, message: null, attempts: 0, notBefore: 0, firstCallAt: null, resolve });
        pump();
      });
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
