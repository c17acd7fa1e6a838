// Another process holding SQLite's write lock for 10 s (a long import, a stuck job): everyone else's events are
// still acknowledged at once and their FAQ questions answered while it holds it. Statements that must write
// wait for the lock on a timer, never in SQLite's own busy wait, which would hold every ack with them.
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { blockText, PEOPLE, useHarness } from './app-harness.js';

const h = useHarness({ processBeforeResponse: false });

const HOLD_MS = 10_000;

it('acknowledges other people at once (median under 100 ms, none near a second) and answers their FAQ questions while the lock is held', async () => {
  const other = new Database(h.store.path);
  other.exec('BEGIN EXCLUSIVE');
  const lockedAt = Date.now();
  const released = new Promise<number>((resolve) =>
    setTimeout(() => {
      other.exec('ROLLBACK');
      other.close();
      resolve(Date.now());
    }, HOLD_MS),
  );
  try {
    const askers = [PEOPLE.ada, PEOPLE.bram, PEOPLE.cleo, PEOPLE.nobody, PEOPLE.rhea];
    const acks: number[] = [];
    const threads = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const asker = askers[i % askers.length] ?? PEOPLE.ada;
      const ts = `1700000100.${String(100_000 + i)}`;
      threads.add(ts);
      const sent = await h.client.sendDirectMessage(asker.id, 'how do I get to the training modules?', {
        ts,
        threadTs: ts,
      });
      expect(sent.status).toBe(200);
      acks.push(sent.elapsedMs);
      // About the pace of a busy workspace; each answer is worked out before the next message arrives.
      await new Promise((r) => setTimeout(r, 200));
    }
    const answered = await h.standIn.waitFor((calls) => {
      const replies = calls.filter(
        (c) => c.method === 'chat.postMessage' && c.ok && threads.has(String(c.args['thread_ts'])),
      );
      return replies.length >= threads.size ? replies : null;
    }, HOLD_MS);
    const answeredAt = Math.max(...answered.map((c) => c.at));
    acks.sort((a, b) => a - b);
    // An ack held by the lock would wait for SQLite (seconds, up to the 10 s hold). The slowest of twenty was held to
    // 100 ms until round 27, when a clean-clone CI run measured 112 ms beside the other test files on two cores
    // (and under 100 ms the run before and alone): a scheduler's pause, not the lock. The median says "at once"; the
    // slowest must stay far under a second, and Slack's 3 s.
    const median = acks[Math.floor(acks.length / 2)] ?? Number.POSITIVE_INFINITY;
    expect(median, acks.join(', ')).toBeLessThan(100);
    expect(acks.at(-1), acks.join(', ')).toBeLessThan(1000);
    // Every one answered, and while the other process still held the lock.
    expect(answered.every((c) => blockText(c.args['blocks']).includes('pre-training survey'))).toBe(true);
    expect(answeredAt - lockedAt).toBeLessThan(HOLD_MS);
  } finally {
    await released;
  }
}, 60_000);
