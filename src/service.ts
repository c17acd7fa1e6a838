// Starting the Slack app the one way `npm start` does, as a function the start-up tests call too: the
// token checked with Slack, the core built, event ids kept in the database, /healthz honest about content,
// database and Slack, /metrics (unless METRICS=off), the misses' retention, resumed campaigns, and scheduled
// reminders when REMINDERS=auto.
import type { Logger } from '@slack/bolt';
import type { Subcommand } from './bot/index.js';
import type { Config } from './config.js';
import type { Content } from './content/load.js';
import { type Core, createCore } from './core.js';
import { messageOf } from './errors.js';
import { replicaId } from './jobs/lease.js';
import { createMetrics, type Metrics } from './metrics.js';
import { startRetention } from './misses/index.js';
import { startDailySnapshots, takeDailySnapshot } from './reports/snapshots.js';
import { createSlackApp, type SlackApp, type SlackAppOptions } from './slack/app.js';
import { type AuthResult, checkAuth, RefusedTokenError } from './slack/auth-check.js';
import type { HealthReport } from './slack/health.js';
import { register as registerAdmin } from './slack/listeners/admin/index.js';
import { describeSlackError } from './slack/send.js';
import { createSharedEventDeduper } from './slack/shared-event-dedupe.js';
import { slackBroadcastPort } from './slack/web-api/index.js';

/** How often a running app asks Slack again whether the token still works (for /healthz). */
export const AUTH_RECHECK_MS = 5 * 60 * 1000;

export interface ServiceOptions {
  config: Config;
  content: Content;
  /** Called before the answer model is trained, none being kept for this content (CoreOptions.onTrainingModel). */
  onTrainingModel?: () => void;
  /** The moment the rules answer for (CoreOptions.rulesDate); real time by default, as in production. */
  rulesDate?: () => Date;
  /** Tests: a captured logger, faster scheduler ticks, shorter Slack retries. */
  logger?: Logger;
  schedulerIntervalMs?: number;
  /** How often Slack is asked again whether the token works (default AUTH_RECHECK_MS). */
  authRecheckMs?: number;
  extraSubcommands?: readonly Subcommand[];
  slack?: Partial<
    Pick<
      SlackAppOptions,
      | 'retryConfig'
      | 'processBeforeResponse'
      | 'reconnect'
      | 'webApiTimeoutMs'
      | 'eventSlotLimitMs'
      | 'eventConcurrency'
      | 'maxEventConcurrency'
      | 'eventLoopDelayLimitMs'
    >
  >;
  /** Tests: shorter waits before the App Home is published again while Slack processes a chart. */
  imageRetryDelaysMs?: readonly number[];
  /** Told when Slack refuses the app-level token while reconnecting (Socket Mode): `npm start` exits. */
  onFatal?: (error: Error) => void;
}

export interface Service {
  core: Core;
  slack: SlackApp;
  /** The port /healthz (and in HTTP mode /slack/events) listens on. */
  port: number;
  /** Whether the scheduler was started (REMINDERS=auto). */
  readonly remindersStarted: boolean;
  /** No new requests; the work in flight finishes (up to `graceMs`); then everything is closed. */
  stop(graceMs?: number): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, content } = options;
  const rulesDate = options.rulesDate ?? (() => new Date());
  // One registry for this app: GET /metrics next to /healthz, unless METRICS=off.
  const metrics = config.metrics === 'off' ? undefined : createMetrics();
  const auth = await askSlackAboutToken(config, metrics);

  let log: Logger | undefined = options.logger;
  const onError = (what: string, error: unknown) =>
    (log ?? console).error(`Could not ${what}: ${describeSlackError(error)}`);
  const core = await createServiceCore(options, rulesDate, metrics, onError);
  const jobs = keepJobsLease(core);

  let slack: SlackApp;
  try {
    slack = createServiceSlackApp(options, core, auth, metrics);
  } catch (error) {
    jobs.stop();
    await core.close();
    throw error;
  }
  log = slack.app.logger;
  if (auth.first.kind === 'unreachable')
    log.warn(
      `Slack could not be asked whether the bot token works (${auth.first.error}); asking again later.`,
    );

  const logError = (what: string) => (error: unknown) => log?.error(`${what}: ${describeSlackError(error)}`);
  const upkeep = startUpkeep(core, content, jobs.leader, rulesDate, logError);
  const recheck = auth.recheckEvery(options.authRecheckMs ?? AUTH_RECHECK_MS, slack.app.logger);

  let port: number;
  try {
    ({ port } = await slack.start(config.port));
  } catch (error) {
    recheck.stop();
    jobs.stop();
    upkeep.stop();
    await core.close();
    throw error;
  }
  const campaignsSweep = sweepUnfinishedCampaigns(core, content, config.leaseTtlMs, logError);
  const remindersStarted = startRemindersIfAsked(core, config, log);

  let stopped = false;
  return {
    core,
    slack,
    port,
    remindersStarted,
    async stop(graceMs = 10_000) {
      if (stopped) return;
      stopped = true;
      recheck.stop();
      jobs.stop();
      campaignsSweep.stop();
      try {
        await slack.stop(graceMs);
      } finally {
        // The database down: the lease expires by itself.
        await core.jobs?.release().catch(() => {});
        upkeep.stop();
        await core.close();
      }
    },
  };
}

/** The bot token as Slack last judged it: refused at start stops start-up; later answers feed /healthz. */
interface TokenCheck {
  readonly first: AuthResult;
  readonly current: AuthResult;
  /** Asks Slack again every `everyMs`; says so in the log when Slack starts refusing the token. */
  recheckEvery(everyMs: number, log: Logger): { stop(): void };
}

async function askSlackAboutToken(config: Config, metrics: Metrics | undefined): Promise<TokenCheck> {
  const ask = async () => {
    const result = await checkAuth({
      token: config.slack.botToken,
      apiUrl: config.slack.apiUrl,
      timeoutMs: config.broadcast.requestTimeoutMs,
    });
    if (result.kind !== 'ok') metrics?.slackError('auth.test', result.error);
    return result;
  };
  const first = await ask();
  if (first.kind === 'refused') throw new RefusedTokenError(first.error);
  let current: AuthResult = first;
  return {
    first,
    get current() {
      return current;
    },
    recheckEvery(everyMs, log) {
      const timer = setInterval(() => {
        void ask().then((result) => {
          if (result.kind === 'refused' && current.kind !== 'refused')
            log.error(`Slack now refuses the bot token (${result.error}): /healthz reports it.`);
          current = result;
        });
      }, everyMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}

/** The core as `npm start` builds it: broadcasts through Slack's Web API, jobs and campaigns under leases. */
function createServiceCore(
  options: ServiceOptions,
  rulesDate: () => Date,
  metrics: Metrics | undefined,
  onError: (what: string, error: unknown) => void,
): Promise<Core> {
  const { config } = options;
  return createCore({
    content: options.content,
    databasePath: config.databasePath,
    databasePoolSize: config.databasePoolSize,
    rulesDate,
    retentionDays: config.missesRetentionDays,
    port: slackBroadcastPort({
      token: config.slack.botToken,
      apiUrl: config.slack.apiUrl,
      timeoutMs: config.broadcast.requestTimeoutMs,
      ...(metrics ? { onCallError: (method: string, code: string) => metrics.slackError(method, code) } : {}),
    }),
    broadcast: config.broadcast,
    ...(options.schedulerIntervalMs !== undefined
      ? { schedulerIntervalMs: options.schedulerIntervalMs }
      : {}),
    ...(options.extraSubcommands ? { extraSubcommands: options.extraSubcommands } : {}),
    ...(options.onTrainingModel ? { onTrainingModel: options.onTrainingModel } : {}),
    ...(config.modelCacheDir !== undefined ? { modelCacheDir: config.modelCacheDir } : {}),
    onError,
    // Other replicas may run on the same database (PostgreSQL): jobs and campaigns go under leases.
    replica: { holder: replicaId(), leaseTtlMs: config.leaseTtlMs },
    ...(metrics ? { metrics } : {}),
  });
}

/**
 * The jobs lease (scheduler, retention, snapshots), held by one replica at a time; with one replica, always this
 * one. Renewed on a timer, not only when a job asks (the scheduler asks once a minute, retention once a day), so
 * it stays with its holder while it lives.
 */
function keepJobsLease(core: Core): { leader: () => Promise<boolean>; stop(): void } {
  const leader = async () => (core.jobs ? core.jobs.held() : true);
  const timer = core.jobs
    ? setInterval(() => {
        leader().catch(() => {
          // The database is down: the jobs ask again, and fail on their own, when they run.
        });
      }, core.jobs.renewEveryMs)
    : null;
  timer?.unref();
  return { leader, stop: () => timer && clearInterval(timer) };
}

/** What /healthz reports besides the app's own state: content, database (SQLite's write lock) and Slack. */
function serviceHealth(
  content: Content,
  store: Core['store'],
  auth: TokenCheck,
): () => Promise<Omit<HealthReport, 'inFlight' | 'ok'>> {
  const writeLock = lockWatch();
  return async () => {
    const faqEntries = content.faq.entries.length;
    const current = auth.current;
    const slackState =
      current.kind === 'ok'
        ? { ok: true }
        : { ok: false, error: `${current.kind === 'refused' ? 'refused' : 'unreachable'}: ${current.error}` };
    let database: HealthReport['database'];
    try {
      database = writeLock.check(await store.canWrite());
    } catch (error) {
      database = { ok: false, error: messageOf(error) };
    }
    return { content: { ok: faqEntries > 0, faqEntries }, database, slack: slackState };
  };
}

/** The Bolt app on the core: event ids in the database, the admin composer's listeners, /healthz, /metrics. */
function createServiceSlackApp(
  options: ServiceOptions,
  core: Core,
  auth: TokenCheck,
  metrics: Metrics | undefined,
): SlackApp {
  const { config } = options;
  const { store, broadcast } = core;
  const { first } = auth;
  const slack: SlackApp = createSlackApp(
    {
      botToken: config.slack.botToken,
      connection: config.slack.connection,
      apiUrl: config.slack.apiUrl,
      logLevel: config.logLevel,
      healthPort: config.port,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(first.kind === 'ok' ? { identity: { botId: first.botId, botUserId: first.botUserId } } : {}),
      ...options.slack,
      onFatal: (error) => {
        slack.app.logger.error(error.message);
        options.onFatal?.(error);
      },
    },
    {
      bot: core.bot,
      store,
      // In the database, so that several app processes on it answer a redelivered event once between them.
      deduper: createSharedEventDeduper(store.events),
      admin: core.admin,
      ...(options.imageRetryDelaysMs ? { imageRetryDelaysMs: options.imageRetryDelaysMs } : {}),
      health: serviceHealth(options.content, store, auth),
      ...(metrics ? { metrics } : {}),
      extraListeners: [
        (app, deps) =>
          registerAdmin(app, {
            ...deps,
            remind: core.remind,
            setProgressMessage: broadcast.campaigns.setProgressMessage,
          }),
      ],
    },
  );
  return slack;
}

/** The misses' retention and the daily snapshot, each run by the replica holding the jobs lease. */
function startUpkeep(
  core: Core,
  content: Content,
  leader: () => Promise<boolean>,
  rulesDate: () => Date,
  logError: (what: string) => (error: unknown) => void,
): { stop(): void } {
  const retention = startRetention({
    purge: async () => ((await leader()) ? core.purgeExpiredMisses() : 0),
    onError: logError('Purging expired misses'),
  });
  // Progress over time for the admins' report and chart: counts only, once a day.
  const snapshots = startDailySnapshots({
    take: async () => ((await leader()) ? takeDailySnapshot(core.store, content, rulesDate()) : null),
    onError: logError('Taking the daily snapshot'),
  });
  return {
    stop() {
      retention.stop();
      snapshots.stop();
    },
  };
}

/**
 * A campaign a crash interrupted goes on where it stopped; checked again every half lease, so that when another
 * replica dies mid-campaign this one takes it over once that replica's lease on it has expired. After the first
 * sweep, one created in the last lease period is left to the process that created it, which runs it at once
 * (and updates its admin's progress message). With recipient hours a campaign may wait hours for a time zone:
 * the sweep does not wait with it, or another replica's crashed campaign would not be taken over meanwhile (one
 * running here answers at once).
 */
function sweepUnfinishedCampaigns(
  core: Core,
  content: Content,
  leaseTtlMs: number,
  logError: (what: string) => (error: unknown) => void,
): { stop(): void } {
  const timed = content.reminders.schedule.recipientHours !== undefined;
  return startCampaignSweep(
    async (first) => {
      const swept = core.broadcast.broadcaster.resumeUnfinished({ olderThanMs: first ? 0 : leaseTtlMs });
      if (!timed) return swept;
      swept.catch(logError('Resuming unfinished campaigns'));
    },
    leaseTtlMs / 2,
    logError('Resuming unfinished campaigns'),
  );
}

/** Scheduled reminders only when the operator asked for them: a trial with the demo roster sends nothing. */
function startRemindersIfAsked(core: Core, config: Config, log: Logger): boolean {
  const started = config.reminders === 'auto';
  if (started) core.broadcast.scheduler.start();
  log.info(
    started
      ? 'Automatic reminders are on (REMINDERS=auto).'
      : 'Automatic reminders are off; set REMINDERS=auto to send the scheduled reminders of content/reminders.yml.',
  );
  return started;
}

/** Runs `sweep` now (`first`) and every `everyMs`, never two at once. */
function startCampaignSweep(
  sweep: (first: boolean) => Promise<unknown>,
  everyMs: number,
  onError: (error: unknown) => void,
): { stop(): void } {
  let running = false;
  let first = true;
  const step = () => {
    if (running) return;
    running = true;
    const now = first;
    first = false;
    sweep(now)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  step();
  const timer = setInterval(step, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * SQLite's write lock as /healthz sees it: a lock another process holds for a moment (an import's commit) is
 * normal; one held longer than the app's own wait for it (busy_timeout, 5 s) means writes are failing.
 */
export function lockWatch(limitMs = 5000, clock: () => number = Date.now) {
  let busySince: number | null = null;
  return {
    check(writable: boolean): HealthReport['database'] {
      if (writable) {
        busySince = null;
        return { ok: true };
      }
      busySince ??= clock();
      const held = clock() - busySince;
      return held < limitMs
        ? { ok: true }
        : {
            ok: false,
            error: `locked: another process has held the write lock for ${Math.round(held / 1000)} s`,
          };
    },
  };
}
