// Reminders and announcements: one service per process, with the one paced queue every campaign shares.
import type { Content } from '../content/load.js';
import type { CampaignStore, Store } from '../store/index.js';
import { type Broadcaster, createBroadcaster } from './campaigns.js';
import { createSlackDirectory, type SlackDirectory } from './directory.js';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from './queue.js';
import { createReminderScheduler, type ReminderScheduler } from './scheduler.js';
import { createSlackCaller, type SlackCaller } from './slack-caller.js';

export * from './audience.js';
export * from './campaigns.js';
export * from './directory.js';
export * from './queue.js';
export * from './scheduler.js';
export * from './slack-caller.js';
export * from './templates.js';

export interface BroadcastServiceOptions {
  store: Store;
  content: Content;
  /** The bot token; a dry run never calls Slack, so a preview-only service may pass a placeholder. */
  token: string;
  apiUrl: string;
  /** The pace of chat.postMessage for the whole app (BROADCAST_RATE_PER_MINUTE, src/config.ts). */
  ratePerMinute: number;
  /** The rules' clock: who is overdue, days left. */
  now?: () => Date;
  caller?: SlackCaller;
  /**
   * Slack calls give up after this long; after a crash, in-doubt deliveries are checked 1.5 times this later
   * (BROADCAST_REQUEST_TIMEOUT_MS, src/config.ts).
   */
  requestTimeoutMs: number;
  /** Backoff and retry settings of the queue (tests shorten them). */
  queueOptions?: Omit<DeliveryQueueOptions, 'caller' | 'ratePerMinute'>;
}

export interface BroadcastService {
  broadcaster: Broadcaster;
  scheduler: ReminderScheduler;
  queue: DeliveryQueue;
  directory: SlackDirectory;
  campaigns: CampaignStore;
  caller: SlackCaller;
  close(): void;
}

export function createBroadcastService(options: BroadcastServiceOptions): BroadcastService {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.requestTimeoutMs;
  const caller =
    options.caller ?? createSlackCaller({ token: options.token, apiUrl: options.apiUrl, timeoutMs });
  const { campaigns } = options.store;
  const queue = createDeliveryQueue({
    ...options.queueOptions,
    caller,
    ratePerMinute: options.ratePerMinute,
  });
  const directory = createSlackDirectory({ caller, store: options.store.directory });
  const broadcaster = createBroadcaster({
    store: options.store,
    campaigns,
    content: options.content,
    queue,
    caller,
    directory,
    now,
    settleMs: timeoutMs * 1.5,
  });
  const scheduler = createReminderScheduler({ broadcaster, content: options.content, now });
  return {
    broadcaster,
    scheduler,
    queue,
    directory,
    campaigns,
    caller,
    close() {
      scheduler.stop();
    },
  };
}
