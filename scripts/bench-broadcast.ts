// `npm run bench:broadcast`: a 20,000-person reminder campaign against the Slack Web API stand-in, which answers
// 429 past a chat.postMessage limit. Prints the time taken against the lower bound the limit sets, duplicates
// and lost messages (both must be 0), retries, 429s and peak memory. Aim (issue 7): within 1.2× of the bound.
//
// The limit is Slack's "several hundred per minute" scaled up 40× (400 per second instead of ~600 per minute)
// so the run takes under a minute; the queue is set 5% under it, as production would be set under Slack's.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBroadcastService } from '../src/broadcast/index.js';
import { DEFAULTS } from '../src/config.js';
import { loadContent } from '../src/content/load.js';
import { parseMoment } from '../src/rules/index.js';
import { slackBroadcastPort } from '../src/slack/web-api/index.js';
import { openStore, parseRoster, ROSTER_COLUMNS } from '../src/store/index.js';
import { startSlackStandIn } from '../test/support/slack-stand-in.js';

const PEOPLE = 20_000;
const LIMIT = { calls: 400, windowMs: 1000 };
const RATE_PER_MINUTE = Math.floor(((LIMIT.calls * 60_000) / LIMIT.windowMs) * 0.95);

const content = loadContent('content');
const dir = mkdtempSync(join(tmpdir(), 'bench-broadcast-'));
const id = (i: number) => `UB${String(i).padStart(6, '0')}`;
const email = (i: number) => `bench${String(i).padStart(6, '0')}@example.edu`;
try {
  // Everyone required, overdue on the day, in the All Schools group; half have a Slack id on the roster,
  // the other half are found by email through users.list.
  const rows = Array.from({ length: PEOPLE }, (_, i) => {
    const row: Record<string, string> = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, '']));
    Object.assign(row, {
      email: email(i),
      name: `Bench Person ${i}`,
      role: 'faculty',
      paid: 'yes',
      start_date: '2010-01-01',
      area: 'school',
      department: `Department ${i % 60}`,
      supervisor: 'no',
      slack_user_id: i % 2 === 0 ? id(i) : '',
    });
    return ROSTER_COLUMNS.map((c) => row[c]).join(',');
  });
  const { records, issues } = parseRoster(
    `${ROSTER_COLUMNS.join(',')}\n${rows.join('\n')}\n`,
    'bench.csv',
    content,
  );
  if (issues.length > 0) throw new Error(`the bench roster does not parse: ${issues.length} issue(s)`);
  const store = await openStore({ path: join(dir, 'bench.db'), schedule: content.schedule });
  await store.importRoster(records, { file: 'bench.csv' });
  await store.grant({ email: 'bench.admin@example.edu', role: 'admin' });

  const standIn = await startSlackStandIn({
    token: 'xoxb-bench',
    users: Array.from({ length: PEOPLE }, (_, i) => ({ id: id(i), email: email(i) })),
    rateLimit: { ...LIMIT, methods: ['chat.postMessage'] },
  });
  const service = createBroadcastService({
    store,
    content,
    port: slackBroadcastPort({
      token: 'xoxb-bench',
      apiUrl: standIn.url,
      timeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
    }),
    ratePerMinute: RATE_PER_MINUTE,
    requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
    now: () => parseMoment('2021-02-22', content.schedule.cycle.timeZone),
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);

  const t0 = performance.now();
  const started = await service.broadcaster.start(
    { kind: 'reminder', template: 'overdue', audience: { state: 'overdue' } },
    { kind: 'person', id: 'bench.admin@example.edu', grants: await store.grants('bench.admin@example.edu') },
  );
  const t1 = performance.now();
  const summary = await service.broadcaster.run(started.campaignId);
  const t2 = performance.now();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const perRecipient = new Map<string, number>();
  let limited = 0;
  for (const call of standIn.callsTo('chat.postMessage')) {
    if (call.status === 429) limited += 1;
    if (!call.ok) continue;
    const channel = String(call.args['channel']);
    perRecipient.set(channel, (perRecipient.get(channel) ?? 0) + 1);
  }
  const duplicates = [...perRecipient.values()].reduce((n, c) => n + (c > 1 ? c - 1 : 0), 0);
  let lost = 0;
  for (let i = 0; i < PEOPLE; i++) if (!perRecipient.has(id(i))) lost += 1;
  // N calls under "C per sliding window W" need at least ceil(N / C) - 1 whole windows after the first call.
  const boundMs = (Math.ceil(PEOPLE / LIMIT.calls) - 1) * LIMIT.windowMs;
  const sendMs = t2 - t1;
  const stats = service.queue.stats();

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `bench:broadcast — ${PEOPLE} recipients, stand-in limit ${LIMIT.calls} chat.postMessage per ${LIMIT.windowMs} ms (429 past it), queue pace ${RATE_PER_MINUTE}/min`,
  );
  console.log(
    `  campaign written (users.list + audience + ${started.recipients} delivery rows): ${s(t1 - t0)}`,
  );
  console.log(
    `  sending: ${s(sendMs)}; lower bound set by the limit: ${s(boundMs)}; ratio ${(sendMs / boundMs).toFixed(3)}× (aim ≤ 1.2×)`,
  );
  console.log(
    `  sent ${summary.counts.sent}, skipped ${summary.counts.skipped}, failed ${summary.counts.failed}, pending ${summary.counts.pending}`,
  );
  console.log(
    `  duplicates: ${duplicates}; lost: ${lost}; retries: ${stats.retries}; 429 answers: ${limited}`,
  );
  console.log(
    `  peak memory (RSS, sender and stand-in in one process): ${(peakRss / 1024 / 1024).toFixed(1)} MB`,
  );
  service.close();
  await store.close();
  await standIn.close();
  if (duplicates > 0 || lost > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
