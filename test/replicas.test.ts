// Two app processes on one PostgreSQL database, as two replicas behind a load balancer: Slack's events reach
// both (the same event_id at each, and a retry), a 2,000-person campaign is written while both run, and the
// replica sending it is killed with SIGKILL mid-way. Every event is answered once, every recipient gets
// exactly one message, and the survivor finishes the campaign.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastService } from '../src/broadcast/index.js';
import { loadContent } from '../src/content/load.js';
import { slackBroadcastPort } from '../src/slack/web-api/index.js';
import { openStore, parseRoster } from '../src/store/index.js';
import { type HistoryProxy, startHistoryProxy } from './broadcast/history-proxy.js';
import { acceptedPosts } from './broadcast/support.js';
import { SHIPPED_CONTENT } from './support/content.js';
import { outsideQuery } from './support/engines.js';
import { freshPostgresUrl } from './support/postgres.js';
import { freePort } from './support/postgres-server.js';
import { createSlackAppClient } from './support/slack-app-client.js';
import { type SlackStandIn, startSlackStandIn } from './support/slack-stand-in.js';

const ROOT = resolve(import.meta.dirname, '..');
const TOKEN = 'xoxb-replicas';
const SECRET = 'replica-signing-secret';
const PEOPLE = 2000;
const ADMIN = 'ops.admin@example.edu';
const content = loadContent(SHIPPED_CONTENT);
const userId = (i: number) => `UR${String(i).padStart(5, '0')}`;

interface Replica {
  name: string;
  child: ChildProcess;
  port: number;
  log: () => string;
  exited: Promise<number | null>;
}

async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const deadline = Date.now() + 60_000;
  while (!out.includes('Listening')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`Replica ${name} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, child, port, log: () => out, exited };
}

describe('two replicas on one PostgreSQL database', () => {
  let standIn: SlackStandIn;
  let proxy: HistoryProxy;
  let url: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    url = await freshPostgresUrl();
    const header =
      'email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor,slack_user_id';
    const rows = Array.from(
      { length: PEOPLE },
      (_, i) =>
        `rep${String(i).padStart(5, '0')}@example.edu,Rep ${i},faculty,yes,,2010-01-01,,,,school,,Replica Testing,no,${userId(i)}`,
    );
    const { records, issues } = parseRoster(`${header}\n${rows.join('\n')}\n`, 'replicas.csv', content);
    expect(issues).toEqual([]);
    const store = await openStore({ path: url, schedule: content.schedule });
    await store.importRoster(records, { file: 'replicas.csv' });
    await store.grant({ email: ADMIN, role: 'admin' });
    await store.close();
    standIn = await startSlackStandIn({
      token: TOKEN,
      users: rows.map((_, i) => ({ id: userId(i), email: `rep${String(i).padStart(5, '0')}@example.edu` })),
    });
    proxy = await startHistoryProxy(standIn);
    const env = {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: proxy.url,
      SLACK_APP_TOKEN: '',
      DATABASE_URL: url,
      DATABASE_PATH: '',
      CONTENT_DIR: SHIPPED_CONTENT,
      LOG_LEVEL: 'info',
      // A dead replica's campaign is taken over 2 s after its last renewal; in-doubt calls settle after 3 s.
      LEASE_TTL_MS: '2000',
      BROADCAST_REQUEST_TIMEOUT_MS: '2000',
      // 100 messages a second for the two together: the shared pace, not each replica's own.
      BROADCAST_RATE_PER_MINUTE: '6000',
    };
    replicas.push(await startReplica('A', env), await startReplica('B', env));
  });

  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await proxy?.close();
    await standIn?.close();
  });

  it('answers each event once, sends every recipient one message, and the survivor finishes', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const clientFor = (r: Replica) =>
      createSlackAppClient({
        eventsUrl: `http://127.0.0.1:${r.port}/slack/events`,
        signingSecret: SECRET,
        teamId: standIn.teamId,
        botUserId: standIn.botUserId,
        dmChannelFor: standIn.dmChannelFor,
      });
    const [toA, toB] = [clientFor(a), clientFor(b)];

    // The same event at both replicas at once (a load balancer's view of Slack's retries), then a retry.
    const askers = Array.from({ length: 20 }, (_, i) => userId(PEOPLE - 1 - i));
    await Promise.all(
      askers.map(async (user, i) => {
        const eventId = `EvReplica${i}`;
        const [first, second] = await Promise.all([
          toA.sendDirectMessage(user, 'Do I need to take the training?', { eventId }),
          toB.sendDirectMessage(user, 'Do I need to take the training?', { eventId }),
        ]);
        expect([first.status, second.status]).toEqual([200, 200]);
        await (i % 2 ? toA : toB).sendDirectMessage(user, 'Do I need to take the training?', {
          eventId,
          retryNum: 1,
        });
      }),
    );

    // A campaign written as the reminder composer writes it; the replicas pick it up and share the sending.
    const store = await openStore({ path: url, schedule: content.schedule });
    const service = createBroadcastService({
      store,
      content,
      port: slackBroadcastPort({ token: TOKEN, apiUrl: standIn.url, timeoutMs: 5000 }),
      ratePerMinute: 6000,
      requestTimeoutMs: 5000,
    });
    const started = await service.broadcaster.start(
      { kind: 'reminder', audience: { state: 'not_completed' }, template: 'not-completed' },
      { kind: 'person', id: ADMIN, grants: await store.grants(ADMIN) },
    );
    await store.close();
    expect(started.recipients).toBe(PEOPLE);
    const campaignPosts = () => {
      const posts = acceptedPosts(standIn.calls);
      return [...posts].filter(([channel]) => channel.startsWith('UR'));
    };

    // Mid-way, the replica holding the campaign's lease is killed.
    await standIn
      .waitFor(() => (campaignPosts().length >= 600 ? true : null), 60_000)
      .catch(async (error: Error) => {
        const diag = JSON.stringify([
          await outsideQuery(url, 'SELECT status, reason, count(*) FROM deliveries GROUP BY status, reason'),
          await outsideQuery(url, 'SELECT * FROM leases'),
          await outsideQuery(url, 'SELECT id, dry_run, finished_at, stopped_reason FROM campaigns'),
        ]);
        throw new Error(
          `${diag}\n` +
            `${campaignPosts().length} campaign posts; A:\n${a.log().slice(-3000)}\nB:\n${b.log().slice(-3000)}\n${error.message.slice(0, 300)}`,
        );
      });
    const [lease] = await outsideQuery<{ holder: string }>(
      url,
      `SELECT holder FROM leases WHERE name = 'campaign:${started.campaignId}'`,
    );
    const victim = replicas.find((r) => lease?.holder.includes(`:${r.child.pid}:`));
    expect(victim, `lease holder ${lease?.holder}`).toBeDefined();
    victim?.child.kill('SIGKILL');
    expect(await victim?.exited).toBeNull();
    const sentBeforeKill = campaignPosts().length;
    expect(sentBeforeKill).toBeLessThan(PEOPLE);
    const survivor = victim === a ? b : a;

    // The survivor takes the campaign over once the dead replica's lease expires, and finishes it.
    await standIn.waitFor(() => (campaignPosts().length >= PEOPLE ? true : null), 120_000);
    const deadline = Date.now() + 30_000;
    let finished: { finished_at: string | null; stopped_reason: string | null } | undefined;
    while (Date.now() < deadline) {
      [finished] = await outsideQuery<{ finished_at: string | null; stopped_reason: string | null }>(
        url,
        `SELECT finished_at, stopped_reason FROM campaigns WHERE id = ${started.campaignId}`,
      );
      if (finished?.finished_at) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(finished?.finished_at, survivor.log().slice(-2000)).toBeTruthy();
    expect(finished?.stopped_reason).toBeNull();

    // Exactly one message per recipient, none lost, none twice.
    const posts = campaignPosts();
    expect(posts).toHaveLength(PEOPLE);
    expect(posts.filter(([, n]) => n !== 1)).toEqual([]);
    const counts = await outsideQuery<{ status: string; n: number }>(
      url,
      `SELECT status, count(*)::int AS n FROM deliveries WHERE campaign_id = ${started.campaignId} GROUP BY status`,
    );
    expect(counts).toEqual([{ status: 'sent', n: PEOPLE }]);

    // Every event answered by exactly one replica, the retries not at all.
    const answers = acceptedPosts(standIn.calls);
    for (const user of askers) expect(answers.get(standIn.dmChannelFor(user)), user).toBe(1);

    // The survivor still serves.
    const health = await fetch(`http://127.0.0.1:${survivor.port}/healthz`);
    expect(health.status).toBe(200);
  }, 240_000);
});
