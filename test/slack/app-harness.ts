// The real app over real HTTP for the app tests: Bolt's HTTP receiver on 127.0.0.1, the Web API stand-in,
// the demo roster in a temporary SQLite file, and a captured logger.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Logger, LogLevel } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Subcommand } from '../../src/bot/index.js';
import type { MetricsSetting } from '../../src/config.js';
import { type Content, loadContent } from '../../src/content/load.js';
import type { Core } from '../../src/core.js';
import { recordSnapshot } from '../../src/reports/snapshots.js';
import { parseMoment } from '../../src/rules/index.js';
import { startService } from '../../src/service.js';
import type { SlackApp, SlackAppOptions } from '../../src/slack/app.js';
import {
  type FeedbackRepository,
  type Grant,
  openStore,
  parseCompletions,
  parseRoster,
  type Store,
} from '../../src/store/index.js';
import { checkRecordedCall } from '../support/block-kit-limits.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import type { SlackAppClient } from '../support/slack-app-client.js';
import { type SlackStandIn, type StandInUser, startSlackStandIn } from '../support/slack-stand-in.js';
import { startTransport, type Transport, type TransportKind } from '../support/slack-transport.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';
const REPO = resolve(import.meta.dirname, '../..');

/** Slack users of the tests; the roster is examples/roster.csv. */
export const PEOPLE = {
  /** On the roster with slack_user_id U0DEMO0001: matched by id, whatever Slack's email says. */
  ada: { id: 'U0DEMO0001', name: 'ada', email: 'ada.slack@elsewhere.example' },
  /** On the roster without a Slack id: matched by email, then linked. */
  bram: { id: 'U0BRAM0001', name: 'bram', email: 'Bram.Placeholder@example.edu' },
  /** On the roster without a Slack id, on sabbatical; kept unlinked until the linking test. */
  cleo: { id: 'U0CLEO0001', name: 'cleo', email: 'cleo.sample@example.edu' },
  /** Not on the roster. */
  nobody: { id: 'U0NOBODY01', name: 'nobody', email: 'nobody@example.edu' },
  /** Slack hides the email. */
  hidden: { id: 'U0HIDDEN01', name: 'hidden', email: null },
  /** An admin (access grant), on the roster. */
  rhea: { id: 'U0RHEA0001', name: 'rhea', email: 'rhea.admin@example.edu' },
} satisfies Record<string, StandInUser>;

/** Noon, 2021-02-10, New York: the All Schools window is open, seven days left. */
export const NOW = '2021-02-10';

export interface Harness {
  standIn: SlackStandIn;
  /** How `client` reaches the app: signed HTTP, or Socket Mode envelopes (`transport.socket`). */
  transport: Transport;
  client: SlackAppClient;
  slack: SlackApp;
  /** The core the app runs on (its broadcasts, for the campaign tests). */
  core: Core;
  store: Store;
  feedback: FeedbackRepository;
  content: Content;
  port: number;
  /** Every line the app logged, at any level. */
  logs: string[];
  /** Checks every recorded Web API call against the Block Kit limits. */
  expectCallsWithinLimits(): void;
  /** Resolves once no request is being worked on (Socket Mode acks before the work; HTTP here waits for it). */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

let shared: Content | undefined;

function captureLogger(logs: string[]): Logger {
  let level = LogLevel.DEBUG;
  const line =
    (name: string) =>
    (...msg: unknown[]) => {
      logs.push(`${name} ${msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`);
    };
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export async function startHarness(
  options: {
    grants?: Grant[];
    subcommands?: Subcommand[];
    processBeforeResponse?: boolean;
    transport?: TransportKind;
    /**
     * Wired as `npm start` wires the admin side: a snapshot after the completions import, the admin desk
     * (Home section, CSV) and the real `remind` and `report` subcommands.
     */
    admin?: boolean;
    /** Beyond the harness's own (a short Web API timeout, say). */
    appOptions?: Partial<
      Pick<
        SlackAppOptions,
        'webApiTimeoutMs' | 'eventSlotLimitMs' | 'eventConcurrency' | 'eventLoopDelayLimitMs' | 'retryConfig'
      >
    >;
    /** METRICS (default on). */
    metrics?: MetricsSetting;
    /** A postgres:// URL to keep everything in instead of a SQLite file (the outage tests). */
    database?: string;
    /** LEASE_TTL_MS: unfinished campaigns are looked for every half of it (default 30 s). */
    leaseTtlMs?: number;
    /** BROADCAST_RATE_PER_MINUTE (default 6000). */
    broadcastRatePerMinute?: number;
  } = {},
): Promise<Harness> {
  shared ??= loadContent(SHIPPED_CONTENT);
  const content = shared;
  const dir = mkdtempSync(join(tmpdir(), 'slack-app-'));
  const path = options.database ?? join(dir, 'app.db');
  const store = await openStore({ path, schedule: content.schedule });
  const roster = parseRoster(readFileSync(join(REPO, 'examples/roster.csv')), 'roster.csv', content);
  const completions = parseCompletions(
    readFileSync(join(REPO, 'examples/completions.csv')),
    'c.csv',
    content,
  );
  expect([...roster.issues, ...completions.issues]).toEqual([]);
  await store.importRoster(roster.records, { file: 'roster.csv' });
  await store.importCompletions(completions.records, { file: 'c.csv' });
  for (const grant of options.grants ?? []) await store.grant(grant);

  const standIn = await startSlackStandIn({ users: Object.values(PEOPLE), token: BOT_TOKEN });
  const transport = await startTransport(options.transport ?? 'http', {
    standIn,
    signingSecret: SIGNING_SECRET,
  });
  const logs: string[] = [];
  const now = parseMoment(NOW, content.schedule.cycle.timeZone);
  if (options.admin) await recordSnapshot(store, content, now, 'import');
  await store.close();
  // The app as `npm start` builds it (src/service.ts), against the stand-in.
  const service = await startService({
    config: {
      slack: { botToken: BOT_TOKEN, connection: transport.connection, apiUrl: standIn.url },
      port: 0,
      databasePath: path,
      databasePoolSize: 10,
      contentDir: SHIPPED_CONTENT,
      missesRetentionDays: 30,
      logLevel: LogLevel.DEBUG,
      broadcast: { ratePerMinute: options.broadcastRatePerMinute ?? 6000, requestTimeoutMs: 5000 },
      reminders: 'off',
      leaseTtlMs: options.leaseTtlMs ?? 30_000,
      ...(options.metrics ? { metrics: options.metrics } : {}),
    },
    content,
    rulesDate: () => now,
    logger: captureLogger(logs),
    ...(options.subcommands ? { extraSubcommands: options.subcommands } : {}),
    ...(options.admin ? { imageRetryDelaysMs: [10, 10] } : {}),
    slack: {
      processBeforeResponse: options.processBeforeResponse ?? true,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
      reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
      ...options.appOptions,
    },
  });
  const { slack, port } = service;
  const live = service.core.store;
  const { feedback } = live;
  const client = transport.client(port, { botUserId: standIn.botUserId, dmChannelFor: standIn.dmChannelFor });
  // Bolt calls auth.test once at start; wait for it so tests see only their own calls after a reset.
  await standIn.waitForCall('auth.test');
  standIn.reset();
  return {
    standIn,
    transport,
    client,
    slack,
    core: service.core,
    store: live,
    feedback,
    content,
    port,
    logs,
    expectCallsWithinLimits() {
      for (const call of standIn.calls) {
        expect(checkRecordedCall(call.method, call.args), `${call.method} payload`).toEqual([]);
      }
    },
    async idle(timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (let quiet = 0; quiet < 2; ) {
        if (Date.now() > end)
          throw new Error(`idle: ${slack.inFlight} request(s) still in flight after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
        quiet = slack.inFlight === 0 ? quiet + 1 : 0;
      }
    },
    async close() {
      await service.stop(2000);
      await transport.close();
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text of every block of a message, for assertions on what a person reads. */
export function blockText(blocks: unknown): string {
  return JSON.stringify(blocks ?? [])
    .replace(/\\n/g, '\n')
    .replace(/\\"/g, '"');
}

/** All `action_id`s in a list of blocks. */
export function actionIds(blocks: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o['action_id'] === 'string') ids.push(o['action_id']);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return ids;
}

/**
 * One harness for a test file: started before its tests, closed after them; before each test the stand-in
 * forgets its calls and faults and the captured logs are cleared; after each, every recorded call is checked
 * against the Block Kit limits.
 */
export function useHarness(options?: Parameters<typeof startHarness>[0]): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    started().standIn.reset();
    started().standIn.clearFaults();
    started().logs.length = 0;
  });
  afterEach(() => {
    started().expectCallsWithinLimits();
  });
  const started = (): Harness => {
    if (!current) throw new Error('The app harness is used before it has started.');
    return current;
  };
  return new Proxy({} as Harness, {
    get(_target, key) {
      const value: unknown = Reflect.get(started(), key);
      return typeof value === 'function' ? value.bind(started()) : value;
    },
  });
}
