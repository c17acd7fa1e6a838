// What operators scrape at GET /metrics (Prometheus text format): answers per kind and band, how the answer model
// was had at start-up, answer and ack latency, Slack API errors, the broadcast queue and its sends, the last
// imports. One registry per running app, never prom-client's global one, so that several apps in one process
// (the tests) keep their counts apart.
// Label values come only from small fixed sets (kinds, Slack method names, Slack error codes): never text a
// person typed, a user, channel or department, or an email.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AnswerKind, Band } from './answer/index.js';
import type { Origin } from './bot/index.js';
import type { DeliveryQueue, PostOutcome } from './broadcast/index.js';
import type { Store } from './store/index.js';

export const METRICS_PREFIX = 'harassment_training_';

export const ANSWER_KINDS: readonly AnswerKind[] = ['faq', 'personal', 'sensitive', 'greeting', 'unknown'];
export const ORIGINS: readonly Origin[] = ['dm', 'mention', 'command'];
export const BANDS: readonly Band[] = ['answer', 'did-you-mean', 'out-of-scope'];

/** What Slack sent, as the ack histogram labels it. */
export type AckKind = 'event' | 'command' | 'action' | 'view' | 'other';

/** How one broadcast delivery ended in the paced queue. */
export type SendOutcome = 'sent' | 'skipped' | 'failed' | 'unconfirmed';
export const SEND_OUTCOMES: readonly SendOutcome[] = ['sent', 'skipped', 'failed', 'unconfirmed'];

/** Slack's three-second ack limit sits between two buckets. */
const ACK_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** An answer's Slack calls are bounded at about 15 s (src/slack/web-client.ts). */
const ANSWER_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30];

/** Slack's method names (`chat.postMessage`, `apps.connections.open`); anything else is `other`. */
const METHOD = /^[a-z]+(\.[a-zA-Z]+){1,3}$/;
/** Slack's error codes and this app's own (`ratelimited`, `timeout`, `http_503`); anything else is `other`. */
const CODE = /^[a-z0-9_]{1,40}$/;

export function methodLabel(method: string): string {
  return method.length <= 60 && METHOD.test(method) ? method : 'other';
}

export function codeLabel(code: string): string {
  return CODE.test(code) ? code : 'other';
}

/** Read from the database at scrape time: the CLI's imports and campaigns run in other processes. */
export interface MetricSources {
  /** Jobs waiting or in flight in this process's paced queue. */
  queueJobs(): number;
  /** Deliveries of unfinished campaigns (any process's) not yet done. */
  deliveriesLeft(): Promise<{ pending: number; sending: number }>;
  roster(): Promise<{ importedAt: string | null; people: number; active: number }>;
  /** The last completions import recorded, or null. */
  completions(): Promise<{
    importedAt: string;
    recorded: number;
    earlier: number;
    unchanged: number;
    unknown: number;
  } | null>;
}

export interface Metrics {
  readonly registry: Registry;
  /** An answer given (src/bot: the kinds the answer counts record too), and how sure the engine was. */
  answered(kind: AnswerKind, origin: Origin, band: Band): void;
  /** How this process had its answer model at start-up: read from the model cache, or trained. */
  modelLoaded(source: 'trained' | 'cache-file' | 'memory', ms: number): void;
  /** From the request reaching the app to its reply posted (or given up). */
  answerTime(origin: Origin, ms: number): void;
  /** From the request reaching the app to its ack. */
  ackTime(kind: AckKind, ms: number): void;
  /** A Slack call that failed: Slack's error code, or `ratelimited`, `timeout`, `http_<status>`… */
  slackError(method: string, code: string): void;
  broadcastSent(outcome: SendOutcome): void;
  /** A listener that failed past its own guard (Bolt's error handler): the person was told, and it is counted. */
  listenerFailed(kind: AckKind): void;
  /** Where the scrape-time gauges read from (the store and the queue, once the core is built). */
  watch(sources: MetricSources): void;
  /** The text a scrape gets, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** prom-client's process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
}

const seconds = (iso: string | null): number | undefined => {
  const at = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isFinite(at) ? at / 1000 : undefined;
};

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  let sources: MetricSources | undefined;

  const answers = new Counter({
    name: `${METRICS_PREFIX}answers_total`,
    help: 'Answers given, by kind of answer and where the question came from.',
    labelNames: ['kind', 'origin'] as const,
    registers,
  });
  // Every series from the start, so a rate over a kind not seen yet is 0, not missing.
  for (const kind of ANSWER_KINDS) for (const origin of ORIGINS) answers.inc({ kind, origin }, 0);
  // The engine's three bands, for watching how often people get "did you mean" or "not covered" in real use
  // (after a content change, say): the same share the evaluation measures, with no text kept.
  const bands = new Counter({
    name: `${METRICS_PREFIX}answer_bands_total`,
    help: 'Questions by how sure the engine was: answer, did-you-mean (likeliest entries offered) or out-of-scope.',
    labelNames: ['band', 'origin'] as const,
    registers,
  });
  for (const band of BANDS) for (const origin of ORIGINS) bands.inc({ band, origin }, 0);
  const model = new Gauge({
    name: `${METRICS_PREFIX}answer_model_load_seconds`,
    help: 'How long this process took to have its answer model at start-up, by how: cache-file (read) or trained.',
    labelNames: ['source'] as const,
    registers,
  });
  const answerSeconds = new Histogram({
    name: `${METRICS_PREFIX}answer_duration_seconds`,
    help: 'From a question reaching the app to its reply posted (or given up), by where it came from.',
    labelNames: ['origin'] as const,
    buckets: ANSWER_BUCKETS_S,
    registers,
  });
  const ackSeconds = new Histogram({
    name: `${METRICS_PREFIX}ack_duration_seconds`,
    help: "From a request reaching the app to its acknowledgement (Slack's limit is 3 s), by kind.",
    labelNames: ['kind'] as const,
    buckets: ACK_BUCKETS_S,
    registers,
  });
  const slackErrors = new Counter({
    name: `${METRICS_PREFIX}slack_api_errors_total`,
    help: "Slack Web API calls that failed, by method and Slack's error code (each try of a retried call).",
    labelNames: ['method', 'code'] as const,
    registers,
  });
  const sends = new Counter({
    name: `${METRICS_PREFIX}broadcast_sends_total`,
    help: 'Broadcast deliveries through the paced queue, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of SEND_OUTCOMES) sends.inc({ outcome }, 0);
  const listenerFailures = new Counter({
    name: `${METRICS_PREFIX}listener_failures_total`,
    help: 'Requests whose work failed after the ack (the person was sent a short apology), by kind of request.',
    labelNames: ['kind'] as const,
    registers,
  });
  for (const kind of ['event', 'command', 'action', 'view', 'other'] as const)
    listenerFailures.inc({ kind }, 0);

  /** A gauge read at scrape time; a database that does not answer leaves it empty rather than failing the scrape. */
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (g: Gauge<L>, from: MetricSources) => void | Promise<void>,
  ) =>
    new Gauge<L>({
      name: `${METRICS_PREFIX}${name}`,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        if (!sources) return;
        try {
          await read(this, sources);
        } catch {
          // The database does not answer: no value rather than a stale one.
          this.reset();
        }
      },
    });

  gauge(
    'broadcast_queue_jobs',
    "Broadcast messages waiting or in flight in this process's queue.",
    [],
    (g, s) => g.set(s.queueJobs()),
  );
  gauge(
    'broadcast_deliveries_left',
    'Deliveries of unfinished campaigns not yet done (from the database), by status.',
    ['status'] as const,
    async (g, s) => {
      const left = await s.deliveriesLeft();
      g.set({ status: 'pending' }, left.pending);
      g.set({ status: 'sending' }, left.sending);
    },
  );
  gauge(
    'last_import_timestamp_seconds',
    'When the last roster or completions import was recorded (Unix time).',
    ['kind'] as const,
    async (g, s) => {
      const roster = seconds((await s.roster()).importedAt);
      if (roster !== undefined) g.set({ kind: 'roster' }, roster);
      const completions = await s.completions();
      const at = completions ? seconds(completions.importedAt) : undefined;
      if (at !== undefined) g.set({ kind: 'completions' }, at);
    },
  );
  gauge(
    'last_completions_import_rows',
    'Rows of the last completions import, by what became of them (unknown: not on the roster).',
    ['result'] as const,
    async (g, s) => {
      const last = await s.completions();
      if (!last) return;
      for (const result of ['recorded', 'earlier', 'unchanged', 'unknown'] as const)
        g.set({ result }, last[result]);
    },
  );
  gauge(
    'roster_people',
    'People in the roster after the last import, by state.',
    ['state'] as const,
    async (g, s) => {
      const { people, active } = await s.roster();
      g.set({ state: 'active' }, active);
      g.set({ state: 'inactive' }, people - active);
    },
  );

  return {
    registry,
    answered: (kind, origin, band) => {
      answers.inc({ kind, origin });
      bands.inc({ band, origin });
    },
    modelLoaded: (source, ms) => model.set({ source }, ms / 1000),
    answerTime: (origin, ms) => answerSeconds.observe({ origin }, ms / 1000),
    ackTime: (kind, ms) => ackSeconds.observe({ kind }, ms / 1000),
    listenerFailed: (kind) => listenerFailures.inc({ kind }),
    slackError: (method, code) => slackErrors.inc({ method: methodLabel(method), code: codeLabel(code) }),
    broadcastSent: (outcome) => sends.inc({ outcome }),
    watch(next) {
      sources = next;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** A queue outcome as the sends counter labels it: `skipped` is a job cancelled before its call. */
export function sendOutcome(outcome: PostOutcome): SendOutcome {
  switch (outcome.status) {
    case 'sent':
      return 'sent';
    case 'cancelled':
      return 'skipped';
    case 'failed':
    case 'fatal':
      return 'failed';
    case 'unconfirmed':
      return 'unconfirmed';
    default:
      return outcome satisfies never;
  }
}

/** The scrape-time gauges over the store's public methods and the process's queue. */
export function storeSources(
  store: Pick<Store, 'campaigns' | 'stats' | 'lastCompletionsImport'>,
  queue: Pick<DeliveryQueue, 'size'>,
): MetricSources {
  return {
    queueJobs: () => queue.size,
    async deliveriesLeft() {
      let pending = 0;
      let sending = 0;
      for (const campaign of await store.campaigns.unfinishedCampaigns()) {
        const counts = await store.campaigns.counts(campaign.id);
        pending += counts.pending;
        sending += counts.sending;
      }
      return { pending, sending };
    },
    async roster() {
      const stats = await store.stats();
      return {
        importedAt: stats.lastRosterImport?.importedAt ?? null,
        people: stats.people,
        active: stats.active,
      };
    },
    completions: () => store.lastCompletionsImport(),
  };
}
