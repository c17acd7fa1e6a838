// The Bolt app: configuration in, listeners registered, one way to start and to stop. Listeners live in
// listeners/<kind>/index.ts; everything they say comes from the bot layer.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Logger, LogLevel, type webApi } from '@slack/bolt';
import type { AdminDesk, Bot } from '../bot/index.js';
import { createIdentity, type IdentityStore } from '../bot/index.js';
import type { SlackConnection } from '../config.js';
import type { Metrics } from '../metrics.js';
import type { DirectoryRepository } from '../store/index.js';
import { type ChartFiles, createChartFiles } from './charts.js';
import { createEventDeduper } from './event-dedupe.js';
import { type HealthReport, healthRoute, healthServer } from './health.js';
import { createSlackEmailLookup } from './identity.js';
import { createLimiter } from './limiter.js';
import { tellThePersonItFailed } from './listener-failure.js';
import * as actions from './listeners/actions/index.js';
import * as assistant from './listeners/assistant/index.js';
import * as commands from './listeners/commands/index.js';
import type { ListenerDeps } from './listeners/deps.js';
import * as events from './listeners/events/index.js';
import * as messages from './listeners/messages/index.js';
import * as views from './listeners/views/index.js';
import { watchLoopDelay } from './loop-delay.js';
import { metricsRoute } from './metrics-route.js';
import { guardRequests } from './request-guard.js';
import { describeSlackError } from './send.js';
import { inMemory, type SharedEventDeduper } from './shared-event-dedupe.js';
import { createSocketMode, type ReconnectOptions, type SocketModeTokenError } from './socket-mode.js';
import { ackKindOf, createArrivalStamps, timeAcks } from './timing.js';
import { createReplyCaller } from './web-api/replies.js';
import {
  interactiveClientOptions,
  observingFetch,
  replyRetryBudget,
  WEB_API_RETRY,
  WEB_API_TIMEOUT_MS,
} from './web-client.js';

/** Events handled at once however busy the process is: few enough to leave room for acks. */
export const DEFAULT_EVENT_CONCURRENCY = 16;
/**
 * More run, up to this many, while the event loop keeps up (its delay under EVENT_LOOP_DELAY_LIMIT_MS): work that
 * waits on Slack's answers costs no CPU, and the replies should not queue behind it.
 */
export const MAX_EVENT_CONCURRENCY = 256;
/** The event loop's delay under which the process has time for more event work (loop-delay.ts). */
export const EVENT_LOOP_DELAY_LIMIT_MS = 10;
/**
 * Longer than any one event's work can take when its Slack calls are bounded (the timeout times the tries,
 * plus the retry waits): past it, the slot goes to the next event and a warning is logged.
 */
export const EVENT_SLOT_LIMIT_MS =
  WEB_API_TIMEOUT_MS * ((WEB_API_RETRY.retries ?? 0) + 1) + (WEB_API_RETRY.maxRetryTime ?? 0);

/** Every listener module, each with `register(app, deps)`. */
export const LISTENER_MODULES = { assistant, messages, events, commands, actions, views } as const;

export interface SlackAppOptions {
  botToken: string;
  connection: SlackConnection;
  /** Web API base (`SLACK_API_URL`): Slack, GovSlack, a proxy or the test stand-in. */
  apiUrl: string;
  logLevel?: LogLevel;
  logger?: Logger;
  /**
   * False in production: Bolt acknowledges, then the listeners run. Tests may set true so the HTTP response
   * waits for the listeners.
   */
  processBeforeResponse?: boolean;
  /** The WebClient's retries (default WEB_API_RETRY: seconds, not @slack/web-api's thirty minutes). */
  retryConfig?: webApi.RetryOptions;
  /** How long one Web API call may take (default WEB_API_TIMEOUT_MS). */
  webApiTimeoutMs?: number;
  /** How long one event's work may hold one of the event slots (default EVENT_SLOT_LIMIT_MS). */
  eventSlotLimitMs?: number;
  /** Socket Mode only: the port of the HTTP server for `/healthz`. */
  healthPort?: number;
  /**
   * Events handled at once after their ack. By default DEFAULT_EVENT_CONCURRENCY however busy the process is,
   * and up to MAX_EVENT_CONCURRENCY while its event loop keeps up; a number given here is a fixed limit, unless
   * maxEventConcurrency is given too. Commands and interactions are not limited: their listeners acknowledge
   * them, which must happen within three seconds.
   */
  eventConcurrency?: number;
  /** Events handled at once while the event loop keeps up (at least eventConcurrency). */
  maxEventConcurrency?: number;
  /** The event loop's delay under which more event work starts (default EVENT_LOOP_DELAY_LIMIT_MS). */
  eventLoopDelayLimitMs?: number;
  /** Who the bot is, from the start-up auth.test: given, Bolt does not call auth.test again. */
  identity?: { botId: string; botUserId: string };
  /** Socket Mode only: the backoff after a lost connection (tests shorten it). */
  reconnect?: Partial<ReconnectOptions>;
  /**
   * Socket Mode only: Slack refused the app-level token while reconnecting. Default: log it. `npm start` stops.
   * (Refused at start, `start()` rejects with the same SocketModeTokenError.)
   */
  onFatal?: (error: SocketModeTokenError) => void;
}

export interface SlackAppDeps {
  bot: Bot;
  /** Who is asking: the roster and grants, and the synced Slack directory before any users.info. */
  store: IdentityStore & { readonly directory: Pick<DirectoryRepository, 'currentDirectoryByUser'> };
  /** Content loaded, database reachable: what /healthz reports. */
  health: () => Promise<Omit<HealthReport, 'inFlight' | 'ok'>>;
  deduper?: SharedEventDeduper;
  /** The admin desk: the report as a CSV file for the App Home's "Download report (CSV)". */
  admin?: AdminDesk;
  /** Pictures uploaded for the Home and the report (default: the completion chart, drawn here). */
  charts?: ChartFiles;
  /** See ListenerDeps.imageRetryDelaysMs (tests shorten them). */
  imageRetryDelaysMs?: readonly number[];
  /** Listener modules beyond the built-in ones (the admin composer), given what every listener gets. */
  extraListeners?: readonly ((app: App, deps: ListenerDeps) => void)[];
  /** Given, GET /metrics is served next to /healthz and acks, answers and failed Slack calls are counted. */
  metrics?: Metrics;
}

export interface SlackApp {
  readonly app: App;
  /** HTTP mode: listens on `port` (0 for any) and resolves with the port taken. Socket Mode: connects. */
  start(port: number): Promise<{ port: number }>;
  /** Stops taking requests, then waits (up to `graceMs`) for the work in flight to finish. */
  stop(graceMs?: number): Promise<void>;
  readonly inFlight: number;
}

/**
 * How long the shared event-id check may take before this process's memory decides: a command is acknowledged
 * only after it, and Slack wants the ack within 3 s, whatever lock another process holds on the database.
 */
export const SHARED_DEDUPE_WAIT_MS = 2000;

/** The work's answer, or a rejection once `ms` have passed without one. */
function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function createSlackApp(options: SlackAppOptions, deps: SlackAppDeps): SlackApp {
  let inFlight = 0;
  let idle: (() => void)[] = [];
  const shared = deps.deduper ?? inMemory(createEventDeduper());
  // When the shared table cannot be read or written (the database down, or locked by another process past
  // its wait), this process's memory decides: a redelivery to another replica might then be answered twice,
  // which is better than acknowledging every event and answering none. Said once when it starts, once when
  // the shared table answers again.
  const ownMemory = createEventDeduper();
  let fallingBack = false;
  const deduper = {
    async firstTime(id: string): Promise<boolean> {
      try {
        const first = await withinMs(shared.firstTime(id), SHARED_DEDUPE_WAIT_MS);
        if (fallingBack) {
          fallingBack = false;
          app.logger.info('The shared event ids answer again: they decide once more');
        }
        return first;
      } catch (error) {
        if (!fallingBack) {
          fallingBack = true;
          app.logger.warn(
            `The shared event ids could not be read (${describeSlackError(error)}): this process's memory decides until they can`,
          );
        }
        return ownMemory.firstTime(id);
      }
    },
  };
  // Socket Mode only: Slack does not retry commands and interactions, but an envelope it sends again is
  // answered once all the same. Per process, like the connection it came on.
  const envelopes = createEventDeduper();
  let socket: ReturnType<typeof createSocketMode> | undefined;
  const report = async (): Promise<HealthReport> => {
    const health = await deps.health();
    const ok =
      health.content.ok && health.database.ok && (health.slack?.ok ?? true) && (socket?.connected ?? true);
    return { ok, ...health, ...(socket ? { socket: { connected: socket.connected } } : {}), inFlight };
  };
  const eventSlotLimitMs = options.eventSlotLimitMs ?? EVENT_SLOT_LIMIT_MS;
  const loop = watchLoopDelay();
  const delayLimitMs = options.eventLoopDelayLimitMs ?? EVENT_LOOP_DELAY_LIMIT_MS;
  const eventConcurrency = options.eventConcurrency ?? DEFAULT_EVENT_CONCURRENCY;
  const eventWork = createLimiter(eventConcurrency, {
    max:
      options.maxEventConcurrency ??
      (options.eventConcurrency === undefined ? MAX_EVENT_CONCURRENCY : eventConcurrency),
    spare: () => loop.delayMs < delayLimitMs,
    holdLimitMs: eventSlotLimitMs,
    onOverrun: () =>
      appLogger?.warn(
        `An event's work is still running after ${eventSlotLimitMs} ms: its slot goes to the next event.`,
      ),
  });
  const { metrics } = deps;
  const onCallError = metrics
    ? (method: string, code: string) => metrics.slackError(method, code)
    : undefined;
  // Served next to /healthz: by Bolt's receiver in HTTP mode, by the health server in Socket Mode.
  const operatorRoutes = metrics ? [metricsRoute(metrics)] : [];
  const common = {
    token: options.botToken,
    ...(options.identity ? { botId: options.identity.botId, botUserId: options.identity.botUserId } : {}),
    // Bolt's conversation store is not used: it would only cost a lookup per request.
    convoStore: false as const,
    // The error handler gets the request's body, to tell the person who sent it.
    extendedErrorHandler: true,
    logLevel: options.logLevel ?? LogLevel.INFO,
    ...(options.logger ? { logger: options.logger } : {}),
    customRoutes: [healthRoute(report), ...operatorRoutes],
    clientOptions: interactiveClientOptions({
      slackApiUrl: options.apiUrl,
      ...(onCallError ? { onCallError } : {}),
      ...(options.webApiTimeoutMs !== undefined ? { timeoutMs: options.webApiTimeoutMs } : {}),
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    }),
  };
  let app: App;
  let appLogger: Logger | undefined;
  if (options.connection.mode === 'socket') {
    socket = createSocketMode({
      appToken: options.connection.appToken,
      logLevel: common.logLevel,
      // apps.connections.open: the receiver's own client, which the reconnection loop already bounds.
      clientOptions: {
        slackApiUrl: options.apiUrl,
        ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
        ...(onCallError ? { fetch: observingFetch(fetch, onCallError) } : {}),
      },
      health: healthServer(report, operatorRoutes),
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      onFatal: (error) => (options.onFatal ?? ((e) => app.logger.error(e.message)))(error),
      log: () => appLogger,
    });
    const { customRoutes: _routes, ...rest } = common;
    app = new App({ ...rest, receiver: socket.receiver });
    appLogger = app.logger;
  } else {
    const { customRoutes, ...rest } = common;
    const arrivals = createArrivalStamps();
    const receiver = new HTTPReceiver({
      signingSecret: options.connection.signingSecret,
      processBeforeResponse: options.processBeforeResponse ?? false,
      customRoutes,
      logLevel: common.logLevel,
      ...(options.logger ? { logger: options.logger } : {}),
      customPropertiesExtractor: arrivals.properties,
    });
    // Malformed bodies and timestamps from the future are refused before Bolt parses them (request-guard.ts).
    receiver.requestListener = arrivals.listener(
      guardRequests(receiver.requestListener, {
        logger: { warn: (...msg) => appLogger?.warn(...msg) },
      }),
    );
    app = new App({ ...rest, receiver });
    appLogger = app.logger;
  }

  if (metrics) timeAcks(app, metrics);

  // Never the error object itself: a Web API error carries the request, and with it the message text. The
  // request was acknowledged, so the person hears that it failed, where they asked (listener-failure.ts).
  // Bolt's index does not export the extended handler's type: it is the overload taking one argument object.
  type ErrorArgs = { error: unknown; logger: Logger; body?: unknown };
  const onError = async ({ error, logger, body }: ErrorArgs) => {
    logger.error(`Unhandled error in a listener: ${describeSlackError(error)}`);
    const request = (body ?? {}) as Record<string, unknown>;
    metrics?.listenerFailed(ackKindOf(request));
    await tellThePersonItFailed(app.client, request, logger);
  };
  app.error(onError as Parameters<App['error']>[0]);

  app.use(async ({ next }) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        for (const resolve of idle) resolve();
        idle = [];
      }
    }
  });
  // Events are acknowledged before any middleware runs, so a redelivery is answered 200 and dropped here.
  app.use(async (args) => {
    const { body, context, next, logger } = args;
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await deduper.firstTime(eventId))) {
      logger.debug(`Skipped a redelivered event ${eventId}`);
      return;
    }
    // A slash command carries no event_id, but its trigger_id is unique per invocation: the same signed bytes
    // sent again within the signature window (a replay, or a retry through a proxy) run once, on every
    // replica, since the ids share the events' table.
    const { command, trigger_id: triggerId } = body as { command?: unknown; trigger_id?: unknown };
    if (
      typeof command === 'string' &&
      typeof triggerId === 'string' &&
      !(await deduper.firstTime(`command:${triggerId}`))
    ) {
      logger.debug('Skipped a slash command seen before (same trigger_id)');
      await (args as { ack?: () => Promise<void> }).ack?.();
      return;
    }
    const envelopeId = context['envelopeId'];
    if (typeof eventId !== 'string' && typeof envelopeId === 'string' && !envelopes.firstTime(envelopeId)) {
      logger.debug(`Skipped a redelivered envelope ${envelopeId}`);
      await (args as { ack?: () => Promise<void> }).ack?.();
      return;
    }
    if (typeof eventId === 'string') await eventWork.run(next);
    else await next();
  });

  // A DM's calls (users.info for a first contact, the answer's post) and a button's answer: our own caller.
  const replies = createReplyCaller({
    token: options.botToken,
    apiUrl: options.apiUrl,
    timeoutMs: options.webApiTimeoutMs ?? WEB_API_TIMEOUT_MS,
    retry: replyRetryBudget(options.retryConfig),
    ...(onCallError ? { onCallError } : {}),
  });
  const lookupEmail = createSlackEmailLookup(replies, { directory: deps.store.directory });
  const identity = createIdentity({ store: deps.store, lookupEmail });
  const listenerDeps: ListenerDeps = {
    bot: deps.bot,
    viewerFor: identity.resolve,
    logger: app.logger,
    replies,
    charts: deps.charts ?? createChartFiles(),
    firstTime: (key) => deduper.firstTime(key),
    ...(deps.admin ? { admin: deps.admin } : {}),
    ...(deps.imageRetryDelaysMs ? { imageRetryDelaysMs: deps.imageRetryDelaysMs } : {}),
    ...(metrics ? { metrics } : {}),
  };
  for (const module of Object.values(LISTENER_MODULES)) module.register(app, listenerDeps);
  for (const register of deps.extraListeners ?? []) register(app, listenerDeps);

  return {
    app,
    get inFlight() {
      return inFlight;
    },
    async start(port) {
      if (socket) return socket.start(options.healthPort ?? port);
      const server = (await app.start(port)) as Server;
      return { port: (server.address() as AddressInfo).port };
    },
    async stop(graceMs = 10_000) {
      loop.stop();
      if (socket) await socket.stop();
      else await app.stop();
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          app.logger.warn(`Stopped with ${inFlight} request(s) still in flight after ${graceMs} ms.`);
          resolve();
        }, graceMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
