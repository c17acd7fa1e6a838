// `npm run bench:broadcast`: a 20,000-person reminder campaign against the Slack Web API stand-in, which answers
// 429 past a chat.postMessage limit. Prints the time taken against the lower bound the limit sets, duplicates
// and lost messages (both must be 0), retries, 429s and the sender's peak memory. Aim (issue 27): within 1.1× of
// the bound, peak RSS under 300 MB. Slack (the stand-in) and the roster import run in a child process.
//
// The limit is Slack's "several hundred per minute" scaled up 40× (400 per second instead of ~600 per minute)
// so the run takes under a minute; the queue is set 5% under it, as production would be set under Slack's.

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createBroadcastService } from '../src/broadcast/index.js';
import { DEFAULTS } from '../src/config.js';
import { loadContent } from '../src/content/load.js';
import { parseMoment } from '../src/rules/index.js';
import { slackBroadcastPort } from '../src/slack/web-api/index.js';
import { openStore } from '../src/store/index.js';
import type { BenchSetup, FromSlack } from './bench-broadcast-slack.js';

const PEOPLE = 20_000;
const LIMIT = { calls: 400, windowMs: 1000 };
const RATE_PER_MINUTE = Math.floor(((LIMIT.calls * 60_000) / LIMIT.windowMs) * 0.95);

const content = loadContent('content');
const dir = mkdtempSync(join(tmpdir(), 'bench-broadcast-'));
// Slack (the stand-in) and the roster import run in a child process: see bench-broadcast-slack.ts.
const slack = fork(join(import.meta.dirname, 'bench-broadcast-slack.ts'), [], {
  execArgv: ['--import', 'tsx'],
});
const fromSlack = (kind: FromSlack['kind']) =>
  new Promise<FromSlack>((resolve, reject) => {
    slack.once('error', reject);
    slack.once('message', (m: FromSlack) => (m.kind === kind ? resolve(m) : reject(new Error(m.kind))));
  });
try {
  const setup: BenchSetup = { people: PEOPLE, dbPath: join(dir, 'bench.db'), limit: LIMIT };
  slack.send(setup);
  const ready = await fromSlack('ready');
  if (ready.kind !== 'ready') throw new Error('the stand-in did not start');
  const store = await openStore({ path: setup.dbPath, schedule: content.schedule });
  const standIn = { url: ready.url };
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

  slack.send('count');
  const counts = await fromSlack('counts');
  if (counts.kind !== 'counts') throw new Error('the stand-in did not count');
  const { duplicates, lost, limited } = counts;
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
    `  sending: ${s(sendMs)}; lower bound set by the limit: ${s(boundMs)}; ratio ${(sendMs / boundMs).toFixed(3)}× (aim ≤ 1.1×)`,
  );
  console.log(
    `  sent ${summary.counts.sent}, skipped ${summary.counts.skipped}, failed ${summary.counts.failed}, pending ${summary.counts.pending}`,
  );
  console.log(
    `  duplicates: ${duplicates}; lost: ${lost}; retries: ${stats.retries}; 429 answers: ${limited}`,
  );
  console.log(
    `  peak memory (RSS of the sending process; the stand-in runs in its own): ${(peakRss / 1024 / 1024).toFixed(1)} MB`,
  );
  service.close();
  await store.close();
  if (duplicates > 0 || lost > 0) process.exitCode = 1;
} finally {
  if (slack.connected) slack.kill();
  rmSync(dir, { recursive: true, force: true });
}
