// PostgreSQL stopped in the middle of a campaign and started again (a real server, the same data on the same
// port): while it is down a DM still gets its FAQ answer, the App Home opens with its note and /healthz says
// the database is down; once it is back the campaign goes on by itself, and every recipient has exactly one
// message, those in flight at the stop included.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEXT } from '../../src/text/messages.js';
import { slackUsersFor } from '../broadcast/support.js';
import { type PostgresServer, startPostgres } from '../support/postgres-server.js';
import type { RecordedCall } from '../support/slack-stand-in.js';
import { blockText, type Harness, PEOPLE, startHarness } from './app-harness.js';

let h: Harness;
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
  // Unfinished campaigns are looked for every second; five messages a second, so the stop lands mid-campaign.
  h = await startHarness({ database: server.url, leaseTtlMs: 2000, broadcastRatePerMinute: 300 });
  for (const user of await slackUsersFor(h.store)) h.standIn.addUser(user);
}, 120_000);

afterAll(async () => {
  await h?.close();
  await server?.stop();
}, 60_000);

/** Campaign messages (sent to a user id; answers go to the DM channel), by recipient. */
function campaignPosts(calls: readonly RecordedCall[]): Map<string, number> {
  const byUser = new Map<string, number>();
  for (const c of calls) {
    const channel = String(c.args['channel']);
    if (c.method !== 'chat.postMessage' || !c.ok || !channel.startsWith('U')) continue;
    byUser.set(channel, (byUser.get(channel) ?? 0) + 1);
  }
  return byUser;
}

/** The first call to `method` after the first `mark` calls, waiting for it. */
const callSince = (mark: number, method: string) =>
  h.standIn.waitFor((calls) => calls.slice(mark).find((c) => c.method === method), 30_000);

const healthz = async () => {
  const res = await fetch(`http://127.0.0.1:${h.port}/healthz`);
  return { status: res.status, body: (await res.json()) as { database: { ok: boolean } } };
};

describe('PostgreSQL stopped mid-campaign and started again', () => {
  it('answers and degrades while it is down, then finishes the campaign with no one messaged twice', async () => {
    const { broadcaster } = h.core.broadcast;
    const started = await broadcaster.start(
      { kind: 'reminder', template: 'not-completed', audience: { state: 'not_completed' } },
      { kind: 'system', id: 'test' },
    );
    expect(started.recipients).toBeGreaterThanOrEqual(10);
    const run = broadcaster.run(started.campaignId).then(
      (summary) => summary,
      (error: unknown) => error,
    );
    await h.standIn.waitFor((calls) => campaignPosts(calls).size >= 3 || null, 30_000);
    await server.halt();
    // The run stops by itself: nothing claimed can be recorded.
    const stopped = await run;
    const partway = campaignPosts(h.standIn.calls).size;
    expect(partway).toBeLessThan(started.recipients);
    expect(stopped).toBeDefined();

    // Down: an FAQ answer all the same, a Home that says the records are not answering, /healthz 503.
    let mark = h.standIn.calls.length;
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I get to the training modules?');
    const answer = await callSince(mark, 'chat.postMessage');
    expect(blockText(answer.args['blocks'])).toContain('pre-training survey');
    mark = h.standIn.calls.length;
    await h.client.sendAppHomeOpened(PEOPLE.ada.id);
    const home = blockText((await callSince(mark, 'views.publish')).args['view']);
    expect(
      home.includes(TEXT.homeUnavailable.slice(0, 40)) || home.includes(TEXT.recordsUnavailable.slice(0, 40)),
    ).toBe(true);
    const down = await healthz();
    expect(down.status).toBe(503);
    expect(down.body.database.ok).toBe(false);
    expect(campaignPosts(h.standIn.calls).size).toBe(partway);

    // Back: the campaign goes on by itself (the app's sweep), and /healthz is green again.
    await server.start();
    await vi.waitFor(
      async () => {
        const campaign = await h.store.campaigns.campaign(started.campaignId);
        if (!campaign?.finishedAt) throw new Error('the campaign has not finished yet');
      },
      { timeout: 60_000, interval: 200 },
    );
    await vi.waitFor(async () => expect((await healthz()).status).toBe(200), { timeout: 10_000 });
    const counts = await h.store.campaigns.counts(started.campaignId);
    expect(counts).toMatchObject({ pending: 0, sending: 0, failed: 0 });
    expect(counts.sent + counts.skipped).toBe(started.recipients);
    // Every recipient, before the stop and after it, exactly once.
    const posts = campaignPosts(h.standIn.calls);
    expect([...posts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(posts.size).toBe(counts.sent);
    expect(posts.size).toBeGreaterThan(partway);

    // And a personal answer comes from the records again.
    mark = h.standIn.calls.length;
    await h.client.sendDirectMessage(PEOPLE.ada.id, 'do I need to take it?');
    const personal = await callSince(mark, 'chat.postMessage');
    expect(blockText(personal.args['blocks'])).not.toContain(TEXT.recordsUnavailable);
    // The events were never dropped: the event ids fell back to memory, said once, and said once when back.
    expect(h.logs.filter((l) => l.includes('shared event ids could not be read'))).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes('shared event ids answer again'))).toHaveLength(1);
    // Nothing anyone typed reached the log.
    expect(
      h.logs.filter(
        (l) => l.includes('how do I get to the training modules?') || l.includes('do I need to take it?'),
      ),
    ).toEqual([]);
  }, 180_000);
});
