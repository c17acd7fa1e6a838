// `npm run bench:slack`: 2,000 signed DM events, 50 at a time, through the real Bolt HTTP receiver (as in
// production: acknowledged before the listeners run) to the Web API stand-in. Prints ack latency (request
// sent → HTTP 200), reply latency (request sent → chat.postMessage recorded by the stand-in), p50/p99, and
// peak memory. Aim (issue 6): p99 ack under 100 ms. With `-- --socket`, the same events as Socket Mode envelopes
// through the WebSocket stand-in instead (ack latency: envelope sent → ack received).
//
// The app runs in this process; Slack's side (the signed requests and the Web API stand-in) runs in a child
// process, as it would on another machine, so its work does not queue in front of the app's acks.
// Worst case for identity: every event comes from a different person on a 2,000-person roster, so each one
// costs a users.info call and a link written to the store. With `-- --returning`, every measured person has
// written before instead (linked to their Slack id, the privacy notice shown): what a DM costs after the first.
//
// Then (HTTP only) two more runs (issue 13): a reference, a bare Bolt app on the same receiver and stand-in
// that replies to every DM with a fixed text, and the project's figures as a ratio to it; and a mixed run, in
// which one person sends a 40,000-character DM and an admin asks for the report of a 100,000-person roster
// while the others send their DMs: their ack p99 (aim < 100 ms) is what the heavy work must not hold up.

import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import { loadContent } from '../src/content/load.js';
import { createCore } from '../src/core.js';
import { createMetrics } from '../src/metrics.js';
import { createSlackApp } from '../src/slack/app.js';
import { createSharedEventDeduper } from '../src/slack/shared-event-dedupe.js';
import { slackBroadcastPort } from '../src/slack/web-api/index.js';
import { parseRoster } from '../src/store/index.js';
import { syntheticEmail, syntheticRoster } from '../src/store/synthetic.js';
import { createSlackAppClient } from '../test/support/slack-app-client.js';
import { startSlackStandIn } from '../test/support/slack-stand-in.js';
import { APP_TOKEN, socketModeDelivery } from '../test/support/slack-transport.js';
import { startSocketModeStandIn } from '../test/support/socket-mode-stand-in.js';
import { postgresLocation } from './postgres-location.js';

const EVENTS = 2_000;
const CONCURRENCY = 50;
/**
 * Sent first and left out of the figures: the first requests load modules lazily and run cold code, which
 * stalls the event loop for a few hundred milliseconds once per process, not per request.
 */
const WARM_UP = 100;
const SOCKET = process.argv.includes('--socket');
/**
 * `-- --slack-latency=MS`: the stand-in answers every Web API call MS ms late (the call takes effect at once), as
 * Slack does over the Internet (about 100-300 ms a call): event work then waits on Slack, not on the CPU.
 */
const SLACK_LATENCY_MS = Number(
  process.argv.find((a) => a.startsWith('--slack-latency='))?.slice('--slack-latency='.length) ?? 0,
);
// `-- --postgres` (or `--engine=postgres`): the app's database on PostgreSQL (DATABASE_URL, else a throwaway
// local server).
const POSTGRES = process.argv.includes('--postgres') || process.argv.includes('--engine=postgres');
/** `-- --returning`: the measured people are linked and have had the privacy notice, as after a first DM. */
const RETURNING = process.argv.includes('--returning');
type Kind = 'project' | 'reference' | 'mixed';
const KIND = (process.argv.find((a) => a.startsWith('--kind='))?.slice(7) ?? 'project') as Kind;
/** The mixed run's roster: the report covers all of it. */
const REPORT_PEOPLE = 100_000;
const LONG_DM = 'harassment '.repeat(4000).slice(0, 40_000);
/** The admin of the mixed run (person 0 on the roster) and the one who sends the long DM (person 1). */
const ADMIN_INDEX = 0;
const LONG_INDEX = 1;
const REFERENCE_TEXT = 'Thanks for your message.';
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
const QUESTIONS = [
  'how do I access the training?',
  'do I need to take it?',
  'when is my deadline?',
  'can I take more than one course?',
  'I am on sabbatical, do I still have to do it?',
  'can I do it during working hours?',
  'what if the content is upsetting me?',
  'blorp zzz',
];

type FromLoad =
  | { type: 'stand-in'; url: string; appToken?: string }
  | { type: 'measuring' }
  | { type: 'done'; result: LoadResult }
  | { type: 'failed'; error: string };
type ToLoad = { type: 'app'; port: number } | { type: 'stopped' };

interface LoadResult {
  /** Mixed run: the report's ack and when its answer reached the response URL. */
  report?: { ackMs: number; answeredMs: number };
  longDmAckMs?: number;
  elapsedMs: number;
  statuses: Record<string, number>;
  acks: number[];
  replies: number[];
  posts: number;
  failedPosts: number;
  duplicates: number;
  usersInfo: number;
  loadBusyPercent: number;
}

const clock = () => performance.timeOrigin + performance.now();
const userId = (i: number) => `UB${String(i).padStart(7, '0')}`;
// Each event in its own DM channel, so the reply can be matched to the event that caused it.
const channelOf = (i: number) => `DB${String(i).padStart(7, '0')}`;

/** Slack's side, in the child process. */
async function runLoad(): Promise<void> {
  const send = (message: FromLoad) => process.send?.(message);
  const standIn = await startSlackStandIn({
    // The measured people, the warm-up ones, then the admin and the long DM's sender of the mixed run.
    users: Array.from({ length: EVENTS + WARM_UP + 2 }, (_, i) => ({
      id: userId(i),
      email: syntheticEmail(i < EVENTS + WARM_UP ? i : REPORT_PEOPLE - 1 - (i - EVENTS - WARM_UP)),
    })),
    token: TOKEN,
    now: clock,
  });
  const socket = SOCKET ? await startSocketModeStandIn({ webApi: standIn, appToken: APP_TOKEN }) : undefined;
  const port = await new Promise<number>((resolve) => {
    process.once('message', (m: ToLoad) => resolve(m.type === 'app' ? m.port : 0));
    send({ type: 'stand-in', url: standIn.url, ...(socket ? { appToken: socket.appToken } : {}) });
  });
  await standIn.waitForCall('auth.test');
  const client = createSlackAppClient({
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    signingSecret: SECRET,
    botUserId: standIn.botUserId,
    ...(socket ? { deliver: socketModeDelivery(socket) } : {}),
  });
  // Warm-up people come after the measured ones on the roster, so every measured event is still a first contact.
  let warm = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (warm < WARM_UP) {
        const i = EVENTS + warm++;
        await client.sendDirectMessage(userId(i), QUESTIONS[i % QUESTIONS.length] ?? '', {
          channel: `DW${i}`,
        });
      }
    }),
  );
  await standIn.waitFor(
    (calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= WARM_UP || undefined,
    60_000,
  );
  standIn.reset();
  if (SLACK_LATENCY_MS > 0)
    for (const method of ['users.info', 'chat.postMessage'])
      standIn.inject({ method, times: Number.POSITIVE_INFINITY, respond: { delayMs: SLACK_LATENCY_MS } });
  send({ type: 'measuring' });
  const eluLoad0 = performance.eventLoopUtilization();
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = clock();
  let heavy: Promise<void> = Promise.resolve();
  let report: LoadResult['report'];
  let longDmAckMs: number | undefined;
  if (KIND === 'mixed') {
    // Both start once the others are under way, and overlap them.
    heavy = new Promise<void>((r) => setTimeout(r, 200)).then(async () => {
      const responseUrl = standIn.responseUrl('report');
      const t0 = clock();
      const long = client
        .sendDirectMessage(userId(EVENTS + WARM_UP + LONG_INDEX), LONG_DM, { channel: 'DLONG' })
        .then(() => {
          longDmAckMs = clock() - t0;
        });
      const ack = await client.sendCommand({
        userId: userId(EVENTS + WARM_UP + ADMIN_INDEX),
        text: 'report',
        responseUrl,
      });
      const ackMs = clock() - t0;
      const answer = await standIn.waitFor(
        (calls) => calls.find((c) => c.responseUrlId === 'report'),
        120_000,
      );
      report = { ackMs, answeredMs: answer.at - t0 };
      if (ack.status !== 200) throw new Error(`the report command answered ${ack.status}`);
      await long;
    });
  }
  const worker = async () => {
    while (next < EVENTS) {
      const i = next++;
      const channel = channelOf(i);
      const t0 = clock();
      sentAt.set(channel, t0);
      const response = await client.sendDirectMessage(userId(i), QUESTIONS[i % QUESTIONS.length] ?? '', {
        channel,
      });
      acks.push(clock() - t0);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await heavy;
  const posts = await standIn.waitFor((calls) => {
    const p = calls.filter(
      (c) => c.method === 'chat.postMessage' && String(c.args['channel']).startsWith('DB'),
    );
    return p.length >= EVENTS ? p : undefined;
  }, 120_000);
  const elapsedMs = clock() - started;
  const perChannel = new Map<string, number>();
  for (const p of posts)
    perChannel.set(String(p.args['channel']), (perChannel.get(String(p.args['channel'])) ?? 0) + 1);
  send({
    type: 'done',
    result: {
      ...(report ? { report } : {}),
      ...(longDmAckMs !== undefined ? { longDmAckMs } : {}),
      elapsedMs,
      statuses,
      acks,
      replies: posts
        .map((p) => p.at - (sentAt.get(String(p.args['channel'])) ?? Number.NaN))
        .filter((n) => !Number.isNaN(n)),
      posts: posts.length,
      failedPosts: posts.filter((p) => !p.ok).length,
      duplicates: [...perChannel.values()].filter((n) => n > 1).length,
      usersInfo: standIn.callsTo('users.info').length,
      loadBusyPercent: Math.round(performance.eventLoopUtilization(eluLoad0).utilization * 100),
    },
  });
  // Socket Mode: the app closes its connection first, as on a normal stop, rather than seeing it cut.
  if (socket) await new Promise((resolve) => process.once('message', resolve));
  await socket?.close();
  // A late answer still on its way when the last post was recorded: let it go out before the connections close,
  // or the app logs those posts as unheard.
  if (SLACK_LATENCY_MS > 0) await new Promise((resolve) => setTimeout(resolve, SLACK_LATENCY_MS * 2 + 1000));
  await standIn.close();
}

interface Figures {
  kind: Kind;
  result: LoadResult;
  ackP99: number;
  replyP99: number;
  eventsPerSecond: number;
  cpuMsPerEvent: number;
}

/** The app, in this process: one run of one kind. */
async function measure(kind: Kind): Promise<Figures> {
  const content = loadContent('content');
  const dir = mkdtempSync(join(tmpdir(), 'bench-slack-'));
  const people = kind === 'mixed' ? REPORT_PEOPLE : EVENTS + WARM_UP;
  const rulesDate = () => new Date('2021-02-10T17:00:00Z');

  const load: ChildProcess = fork(
    fileURLToPath(import.meta.url),
    [
      '--load',
      `--kind=${kind}`,
      ...(SOCKET ? ['--socket'] : []),
      ...(SLACK_LATENCY_MS > 0 ? [`--slack-latency=${SLACK_LATENCY_MS}`] : []),
    ],
    {
      execArgv: ['--import', 'tsx'],
    },
  );
  const fromLoad = <T extends FromLoad['type']>(type: T) =>
    new Promise<Extract<FromLoad, { type: T }>>((resolve, reject) => {
      const onMessage = (m: FromLoad) => {
        if (m.type === type) {
          load.off('message', onMessage);
          resolve(m as Extract<FromLoad, { type: T }>);
        } else if (m.type === 'failed') reject(new Error(m.error));
      };
      load.on('message', onMessage);
      load.once('exit', (code) => reject(new Error(`the load process exited with ${code}`)));
    });

  const { url, appToken } = await fromLoad('stand-in');
  // The app as npm start builds it (src/core.ts): the same bot, store, learning and admin desk.
  const postgres = POSTGRES ? await postgresLocation('bench_slack') : null;
  // /metrics on, as npm start has it by default (METRICS=on): every Slack call and answer is counted.
  const metrics = createMetrics();
  const core = await createCore({
    metrics,
    content,
    databasePath: postgres?.url ?? join(dir, 'bench.db'),
    // As npm start reads it (PostgreSQL: the pool's size; default 10).
    ...(process.env['DATABASE_POOL_SIZE']
      ? { databasePoolSize: Number(process.env['DATABASE_POOL_SIZE']) }
      : {}),
    rulesDate,
    retentionDays: 30,
    port: slackBroadcastPort({ token: TOKEN, apiUrl: url, timeoutMs: 5000 }),
    broadcast: { ratePerMinute: 300, requestTimeoutMs: 5000 },
  });
  const { store } = core;
  const importStarted = performance.now();
  const roster = parseRoster(syntheticRoster(people, content), 'synthetic.csv', content);
  if (roster.issues.length > 0) throw new Error(`synthetic roster has ${roster.issues.length} problems`);
  await store.importRoster(roster.records, { file: 'synthetic.csv' });
  if (RETURNING && kind !== 'reference') {
    const measured = Array.from({ length: EVENTS }, (_, i) => i);
    await store.linkSlackUsers(measured.map((i) => ({ email: syntheticEmail(i), slackUserId: userId(i) })));
    await store.misses.firstContacts(measured.map(userId));
  }
  if (kind === 'mixed') {
    await store.grant({ email: syntheticEmail(REPORT_PEOPLE - 1), role: 'admin' });
    console.log(
      `mixed run: ${REPORT_PEOPLE.toLocaleString('en')}-person roster imported in ${((performance.now() - importStarted) / 1000).toFixed(1)} s`,
    );
  }
  const reference = kind === 'reference' ? referenceApp(url) : undefined;
  const slack = createSlackApp(
    {
      botToken: TOKEN,
      connection: appToken ? { mode: 'socket', appToken } : { mode: 'http', signingSecret: SECRET },
      apiUrl: url,
      logLevel: LogLevel.ERROR,
      processBeforeResponse: false,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
      ...(process.env['BENCH_EVENT_CONCURRENCY']
        ? { eventConcurrency: Number(process.env['BENCH_EVENT_CONCURRENCY']) }
        : {}),
      ...(process.env['BENCH_MAX_EVENT_CONCURRENCY']
        ? { maxEventConcurrency: Number(process.env['BENCH_MAX_EVENT_CONCURRENCY']) }
        : {}),
    },
    {
      bot: core.bot,
      store,
      admin: core.admin,
      deduper: createSharedEventDeduper(store.events),
      metrics,
      health: async () => ({
        content: { ok: true, faqEntries: content.faq.entries.length },
        database: { ok: true },
      }),
    },
  );
  const { port } = reference ? await reference.start() : await slack.start(0);
  // rss() is cheap; the full memoryUsage() walks the heap, so it is sampled less often.
  let peakRss = process.memoryUsage.rss();
  let peakHeap = process.memoryUsage().heapUsed;
  let ticks = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    if (++ticks % 10 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 25);
  const measuring = fromLoad('measuring');
  const done = fromLoad('done');
  load.send({ type: 'app', port } satisfies ToLoad);
  await measuring;
  const elu0 = performance.eventLoopUtilization();
  // CPU time of this (the app's) process while the measured events run: the figure that does not depend on
  // how busy the rest of the machine is, unlike events/s and latency.
  const cpu0 = process.cpuUsage();
  const window0 = process.hrtime.bigint();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const { result } = await done;
  const cpu = process.cpuUsage(cpu0);
  // The measured window on the monotonic clock, in µs: a --cpu-prof profile's timestamps, to read only it.
  if (process.env['BENCH_WINDOW'])
    console.log(`measured window (µs, monotonic): ${window0 / 1000n} ${process.hrtime.bigint() / 1000n}`);
  delay.disable();
  clearInterval(sampler);
  const elu = performance.eventLoopUtilization(elu0);

  const percentile = (values: number[], p: number) => {
    const sorted = values.toSorted((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  };
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const line = (name: string, values: number[]) =>
    `${name} p50 ${ms(percentile(values, 50))}  p99 ${ms(percentile(values, 99))}  max ${ms(Math.max(...values))}`;
  const ackP99 = percentile(result.acks, 99);
  const title = {
    project: 'the project',
    reference: `reference: a bare Bolt app replying "${REFERENCE_TEXT}"`,
    mixed: 'mixed: the project while a 40,000-character DM and a 100,000-person report run',
  }[kind];
  console.log(
    `\n== ${title}${POSTGRES && kind !== 'reference' ? ' (database: PostgreSQL)' : ''}${RETURNING && kind !== 'reference' ? ', returning people' : ''}${SLACK_LATENCY_MS > 0 ? `, Slack answering ${SLACK_LATENCY_MS} ms late` : ''}`,
  );
  console.log(
    `${SOCKET ? 'Socket Mode' : 'HTTP'}: ${EVENTS} events (after ${WARM_UP} warm-up events), ${CONCURRENCY} at a time, all replied in ${ms(result.elapsedMs)} (${((EVENTS / result.elapsedMs) * 1000).toFixed(0)} events/s)`,
  );
  if (result.report)
    console.log(
      `the report: acknowledged in ${ms(result.report.ackMs)}, answered in ${ms(result.report.answeredMs)}; the long DM acknowledged in ${ms(result.longDmAckMs ?? Number.NaN)}`,
    );
  console.log(`statuses (200: acknowledged): ${JSON.stringify(result.statuses)}`);
  console.log(line('ack latency:  ', result.acks));
  console.log(line('reply latency:', result.replies));
  console.log(
    `replies: ${result.posts} (failed ${result.failedPosts}, channels answered twice ${result.duplicates}); users.info calls: ${result.usersInfo}`,
  );
  console.log(
    `peak memory of the app process: rss ${(peakRss / 2 ** 20).toFixed(0)} MiB, heap used ${(peakHeap / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(
    `app CPU: ${((cpu.user + cpu.system) / 1000 / EVENTS).toFixed(2)} ms per event (user ${(cpu.user / 1000 / EVENTS).toFixed(2)}, system ${(cpu.system / 1000 / EVENTS).toFixed(2)}), the sampler's included`,
  );
  console.log(
    `app event loop: ${(elu.utilization * 100).toFixed(0)}% busy, delay p50 ${ms(delay.percentile(50) / 1e6)} p99 ${ms(delay.percentile(99) / 1e6)} max ${ms(delay.max / 1e6)}; load side: ${result.loadBusyPercent}% busy`,
  );
  console.log(
    `aim p99 ack < 100 ms${kind === 'mixed' ? ' (the other users)' : ''}: ${ackP99 < 100 ? 'met' : 'NOT met'}`,
  );

  if (reference) await reference.stop();
  else await slack.stop();
  // The load process may have gone already (HTTP: it exits once it has sent its figures).
  load.on('error', () => undefined);
  if (load.connected) load.send({ type: 'stopped' } satisfies ToLoad);
  await core.close();
  await postgres?.done();
  rmSync(dir, { recursive: true, force: true });
  load.kill();
  return {
    kind,
    result,
    ackP99,
    replyP99: percentile(result.replies, 99),
    eventsPerSecond: (EVENTS / result.elapsedMs) * 1000,
    cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / EVENTS,
  };
}

/** The yardstick: Bolt alone on the same receiver, a fixed reply, no engine, no store. */
function referenceApp(apiUrl: string) {
  const app = new App({
    token: TOKEN,
    signingSecret: SECRET,
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl },
  });
  app.message(async ({ message, client }) => {
    await client.chat.postMessage({ channel: message.channel, text: REFERENCE_TEXT });
  });
  return {
    async start() {
      const server = (await app.start(0)) as import('node:http').Server;
      return { port: (server.address() as import('node:net').AddressInfo).port };
    },
    stop: () => app.stop(),
  };
}

async function runApp(): Promise<void> {
  // `-- --only=mixed` (or project, reference): one run alone.
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7) as Kind | undefined;
  if (only) {
    await measure(only);
    return;
  }
  const project = await measure('project');
  if (SOCKET) return;
  const reference = await measure('reference');
  console.log(
    `\nthe project against the reference: throughput ${(project.eventsPerSecond / reference.eventsPerSecond).toFixed(2)}× (${project.eventsPerSecond.toFixed(0)} vs ${reference.eventsPerSecond.toFixed(0)} events/s), ack p99 ${(project.ackP99 / reference.ackP99).toFixed(2)}× (${project.ackP99.toFixed(1)} vs ${reference.ackP99.toFixed(1)} ms), reply p99 ${project.replyP99.toFixed(1)} vs ${reference.replyP99.toFixed(1)} ms, CPU per event ${project.cpuMsPerEvent.toFixed(2)} vs ${reference.cpuMsPerEvent.toFixed(2)} ms`,
  );
  await measure('mixed');
}

if (process.argv.includes('--load')) {
  await runLoad().catch((error: unknown) => {
    process.send?.({
      type: 'failed',
      error: error instanceof Error ? error.message : String(error),
    } satisfies FromLoad);
    process.exitCode = 1;
  });
  process.disconnect?.();
} else {
  await runApp();
}
