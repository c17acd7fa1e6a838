// The core every front end runs on, built one way: content → store → answer engine → the bot (rules, the
// learning seams, follow-ups, the admin subcommands) → broadcasts (reminders, the composer's flow). `npm start`,
// the offline console, the CLI, the tests and the benches all build it here, so what they run is what production
// runs. The CLI, which needs only some of it, takes the pieces: openCoreStore, createCoreBroadcast.
import type { AnswerEngine } from './answer/index.js';
import type { AdminDesk, Bot, RemindFlow, Subcommand } from './bot/index.js';
import { type BroadcastPort, type BroadcastService, createBroadcastService } from './broadcast/index.js';
import type { Content } from './content/load.js';
import type { ScheduleFile } from './content/schemas.js';
import { createLease, type Lease } from './jobs/lease.js';
import { type Metrics, sendOutcome, storeSources } from './metrics.js';
import { openStore, type Store } from './store/index.js';

export interface CoreOptions {
  content: Content;
  /** The database: a SQLite file, `:memory:`, or a postgres:// URL. */
  databasePath: string;
  /**
   * This process among several on the database (`npm start`): campaigns run under leases and share the
   * sending pace. The console and the tests, alone on their database, leave it out.
   */
  replica?: { holder: string; leaseTtlMs: number };
  /** PostgreSQL: the pool's size (DATABASE_POOL_SIZE); SQLite has its one connection. */
  databasePoolSize?: number;
  /**
   * The moment the rules answer for: which day it is for windows, deadlines and who is overdue. Real time in
   * production; the console's `/on` and `cli --on` set another day. Everything else runs on `now`.
   */
  rulesDate: () => Date;
  /**
   * The clock, as everywhere else in the code: when things happen and are recorded (the day a miss or an answer
   * count is filed under, a roster seen, a delivery sent). Real time unless a test says.
   */
  now?: () => Date;
  /** How long unanswered questions are kept for content editors (MISSES_RETENTION_DAYS). */
  retentionDays: number;
  /** Where broadcasts are posted: Slack's Web API (src/slack/web-api), or nothing in the console. */
  port: BroadcastPort;
  broadcast: { ratePerMinute: number; requestTimeoutMs: number };
  /** Scheduled reminders (the scheduler's own start is the caller's: `npm start` only when REMINDERS=auto). */
  schedulerIntervalMs?: number;
  /** Subcommands after the built-in and admin ones (tests add a slow one to time acknowledgements). */
  extraSubcommands?: readonly Subcommand[];
  /** A failure to record a count or a miss, or of a campaign: reported, never fatal. Never given message text. */
  onError?: (what: string, error: unknown) => void;
  /** The running app's /metrics: answers, broadcast sends, and the store's gauges at scrape time. */
  metrics?: Metrics;
  /** Called just before the answer model is trained, none being kept for this content: a slow start says so. */
  onTrainingModel?: () => void;
  /** Where the answer model is kept between starts (MODEL_CACHE_DIR); absent, the default under the temporary folder. */
  modelCacheDir?: string;
}

export interface Core {
  content: Content;
  store: Store;
  engine: AnswerEngine;
  /** The conversation, with the admin section on the App Home of those entitled to a report. */
  bot: Bot;
  /** The admin section of the App Home and the report as CSV. */
  admin: AdminDesk;
  broadcast: BroadcastService;
  /** The reminder composer's submission, for any transport. */
  remind: RemindFlow;
  /** Deletes the misses past the retention period (done once as this opens); returns how many went. */
  purgeExpiredMisses(): Promise<number>;
  /**
   * With several replicas on the database: the lease of the jobs one of them runs at a time (the scheduler,
   * retention, the daily snapshot). Null when this process is alone.
   */
  jobs: Lease | null;
  close(): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : 'unknown error');

/**
 * How long close waits for the bookkeeping already asked for (answer counts, privacy-notice flags, missed
 * questions) before it closes the store all the same: a database locked by another process would otherwise
 * hold a shutdown for as long as each of those writes waits on the lock.
 */
export const CLOSE_SETTLE_MS = 2000;

export interface CoreStoreOptions extends Pick<CoreOptions, 'databasePath' | 'databasePoolSize' | 'now'> {
  /** The cycle and its groups, which completions are counted against (a command on grants alone needs none). */
  schedule?: Pick<ScheduleFile, 'cycle' | 'groups'>;
}

/** The store, opened as the core opens it: the CLI's commands that need nothing more open it here. */
export function openCoreStore(options: CoreStoreOptions): Promise<Store> {
  return openStore({
    path: options.databasePath,
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.databasePoolSize === undefined ? {} : { poolSize: options.databasePoolSize }),
  });
}

export interface CoreBroadcastOptions
  extends Pick<
    CoreOptions,
    'content' | 'port' | 'rulesDate' | 'broadcast' | 'schedulerIntervalMs' | 'replica' | 'onError' | 'metrics'
  > {
  /** With several replicas: whether this one runs the scheduler now (it holds the jobs lease). */
  leader?: () => Promise<boolean>;
}

/** Reminders and announcements on an open store, as the core builds them: `cli remind` builds its own here. */
export function createCoreBroadcast(store: Store, options: CoreBroadcastOptions): BroadcastService {
  const { metrics, onError } = options;
  return createBroadcastService({
    store,
    content: options.content,
    port: options.port,
    // Who is overdue and how many days are left: the rules' question.
    now: options.rulesDate,
    ratePerMinute: options.broadcast.ratePerMinute,
    requestTimeoutMs: options.broadcast.requestTimeoutMs,
    ...(options.schedulerIntervalMs !== undefined
      ? { schedulerIntervalMs: options.schedulerIntervalMs }
      : {}),
    ...(onError ? { onSchedulerError: (error: unknown) => onError('run scheduled reminders', error) } : {}),
    ...(options.replica ? { replica: options.replica } : {}),
    ...(options.leader ? { leader: options.leader } : {}),
    ...(metrics
      ? { queueOptions: { onOutcome: (outcome) => metrics.broadcastSent(sendOutcome(outcome)) } }
      : {}),
  });
}

export async function createCore(options: CoreOptions): Promise<Core> {
  // Loaded here, not at the top: the CLI takes only the store and broadcasts from this module, and should not
  // wait for the answer engine and the bot to load.
  const [
    { createAnswerEngine, isModelBuilt, MODEL_CACHE_DIR },
    bot_,
    { createMissRecorder, learningDeps, purgeExpiredMisses },
  ] = await Promise.all([import('./answer/index.js'), import('./bot/index.js'), import('./misses/index.js')]);
  const { createAdminDesk, createBot, createRemindFlow, remindSubcommand, reportSubcommand, withAdminHome } =
    bot_;
  const { content } = options;
  const now = options.now ?? (() => new Date());
  const onError =
    options.onError ??
    ((what: string, error: unknown) => console.error(`Could not ${what}: ${describe(error)}`));
  const { metrics } = options;
  // Before the store: a training file that turns out broken when the model must be trained from it stops
  // start-up with its file:line before the database is opened, as any other content problem does.
  const cacheDir = options.modelCacheDir ?? MODEL_CACHE_DIR;
  if (options.onTrainingModel && !isModelBuilt(content, cacheDir)) options.onTrainingModel();
  const engine = createAnswerEngine({ content, cacheDir });
  metrics?.modelLoaded(engine.modelSource, engine.buildMs);
  const store = await openCoreStore({ ...options, schedule: content.schedule, now });
  const timeZone = content.schedule.cycle.timeZone;
  const purge = () =>
    purgeExpiredMisses(store.misses, { retentionDays: options.retentionDays, timeZone, now });
  try {
    // Misses past the retention period go as the core opens; `npm start` also purges daily.
    await purge();
  } catch (error) {
    await store.close();
    throw error;
  }
  const jobs = options.replica
    ? createLease({
        leases: store.leases,
        name: 'jobs',
        holder: options.replica.holder,
        ttlMs: options.replica.leaseTtlMs,
      })
    : null;
  const broadcast = createCoreBroadcast(store, {
    ...options,
    onError,
    ...(jobs ? { leader: () => jobs.held() } : {}),
  });
  metrics?.watch(storeSources(store, broadcast.queue));
  // Neither engine's error message quotes the values bound to a statement (PostgreSQL's is stripped of them in
  // store/connection.ts), so the question stays out of it.
  const recorder = createMissRecorder({ misses: store.misses, now, timeZone, onError });
  // The bot, the admin desk and the report answer for the rules' date: their `now` is that moment.
  const { rulesDate } = options;
  const learning = learningDeps(recorder, {
    retentionDays: options.retentionDays,
    notReportingChannel: content.resources.notReportingChannel,
  });
  const personal = createBot({
    content,
    engine,
    feedback: store.feedback,
    now: rulesDate,
    subcommands: [
      remindSubcommand({ content, store }),
      reportSubcommand({ content, store, now: rulesDate }),
      ...(options.extraSubcommands ?? []),
    ],
    ...learning,
    onAnswer: (event) => {
      learning.onAnswer(event);
      metrics?.answered(event.kind, event.origin, event.band);
    },
  });
  const admin = createAdminDesk({ content, store, now: rulesDate });
  const bot = withAdminHome(personal, admin);
  const remind = createRemindFlow({ content, store, broadcaster: broadcast.broadcaster, onError });
  return {
    content,
    store,
    engine,
    bot,
    admin,
    broadcast,
    remind,
    purgeExpiredMisses: purge,
    jobs,
    async close() {
      broadcast.close();
      // The answer counts and privacy-notice flags already asked for are written first: they go out in batches
      // (coalesce.ts), a turn of the event loop after they are asked.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        recorder.settled(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLOSE_SETTLE_MS);
        }),
      ]);
      clearTimeout(timer);
      await store.close();
    },
  };
}
