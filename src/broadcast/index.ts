// Reminders and announcements: one service per process, with the one paced queue every campaign shares.
import type { Content } from '../content/load.js';
import { createLease } from '../jobs/lease.js';
import type { CampaignRepository, Store } from '../store/index.js';
import { type Broadcaster, createBroadcaster } from './campaigns.js';
import { createSlackDirectory, type SlackDirectory } from './directory.js';
import type { BroadcastPort } from './port.js';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from './queue.js';
import { createReminderScheduler, type ReminderScheduler } from './scheduler.js';

export * from './audience.js';
export * from './campaigns.js';
export * from './directory.js';
export * from './messages.js';
export * from './port.js';
export * from './queue.js';
export * from './recovery.js';
export * from './requests.js';
export * from './scheduler.js';
export * from './send-window.js';
export * from './templates.js';

export interface BroadcastServiceOptions {
  store: Store;
  content: Content;
  /** The chat platform (src/slack/web-api); a dry run never calls it. */
  port: BroadcastPort;
  /** The pace of messages for the whole app (BROADCAST_RATE_PER_MINUTE, src/config.ts). */
  ratePerMinute: number;
  /** The rules' clock: who is overdue, days left. */
  now?: () => Date;
  /**
   * Calls to the platform give up after this long; after a crash, in-doubt deliveries are checked 1.5 times
   * this later (BROADCAST_REQUEST_TIMEOUT_MS, src/config.ts).
   */
  requestTimeoutMs: number;
  /** How often the scheduler looks for due reminders once started (default a minute). */
  schedulerIntervalMs?: number;
  /** A scheduled run that failed: for the operator's log. */
  onSchedulerError?: (error: unknown) => void;
  /** Backoff and retry settings of the queue (tests shorten them). */
  queueOptions?: Omit<DeliveryQueueOptions, 'port' | 'ratePerMinute'>;
  /**
   * This process among the replicas on the database (replicaId()): each campaign is then sent under a lease
   * and the pace is shared. Without it the process assumes it is alone (the console, the CLI, tests).
   */
  replica?: { holder: string; leaseTtlMs: number };
  /** With several replicas: whether this one runs the scheduler now (it holds the jobs lease). */
  leader?: () => Promise<boolean>;
  /** How a campaign waits for its next recipients' hours (tests advance their clock instead). */
  sleep?: (ms: number) => Promise<void>;
}

export interface BroadcastService {
  broadcaster: Broadcaster;
  scheduler: ReminderScheduler;
  queue: DeliveryQueue;
  directory: SlackDirectory;
  campaigns: CampaignRepository;
  close(): void;
}

export function createBroadcastService(options: BroadcastServiceOptions): BroadcastService {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.requestTimeoutMs;
  const { port } = options;
  const { campaigns } = options.store;
  // An ambiguous call (a timeout) is looked up once it can no longer be on its way, as after a crash.
  const { replica } = options;
  const queue = createDeliveryQueue({
    settleMs: timeoutMs * 1.5,
    ...options.queueOptions,
    port,
    ratePerMinute: options.ratePerMinute,
    ...(replica
      ? {
          sharedPace: (t: number, interval: number) =>
            options.store.pace.reserve('chat.postMessage', t, interval),
        }
      : {}),
  });
  const directory = createSlackDirectory({ port, store: options.store.directory });
  const broadcaster = createBroadcaster({
    store: options.store,
    campaigns,
    content: options.content,
    queue,
    port,
    directory,
    now,
    settleMs: timeoutMs * 1.5,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(replica
      ? {
          leaseFor: (campaignId: number) =>
            createLease({
              leases: options.store.leases,
              name: `campaign:${campaignId}`,
              holder: replica.holder,
              ttlMs: replica.leaseTtlMs,
            }),
        }
      : {}),
  });
  const scheduler = createReminderScheduler({
    broadcaster,
    content: options.content,
    now,
    ...(options.schedulerIntervalMs !== undefined ? { intervalMs: options.schedulerIntervalMs } : {}),
    ...(options.onSchedulerError ? { onError: options.onSchedulerError } : {}),
    ...(options.leader ? { leader: options.leader } : {}),
  });
  return {
    broadcaster,
    scheduler,
    queue,
    directory,
    campaigns,
    close() {
      scheduler.stop();
    },
  };
}
