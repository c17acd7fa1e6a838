// No event acknowledged and then forgotten: with the database held by another process past its wait, a DM
// is still answered (the event-id check falls back to this process's memory; the FAQ needs no database).
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { blockText, PEOPLE, useHarness } from './app-harness.js';

const h = useHarness();

it('answers an FAQ DM while another process holds the SQLite database locked', async () => {
  const other = new Database(h.store.path);
  other.exec('BEGIN EXCLUSIVE');
  try {
    const sent = await h.client.sendDirectMessage(
      PEOPLE.bram.id,
      'is it ok to take several of the five options, or only one',
    );
    expect(sent.status).toBe(200);
    const post = await h.standIn.waitForCall('chat.postMessage', undefined, 30_000);
    expect(blockText(post.args['blocks'])).toContain('Only one is required');
    expect(h.logs.some((l) => l.includes('shared event ids could not be read'))).toBe(true);
    // Nothing of the question in the logs.
    expect(h.logs.filter((l) => l.includes('several of the five options'))).toEqual([]);
  } finally {
    other.exec('ROLLBACK');
    await other.close();
  }
}, 60_000);

it('/healthz reports the database locked while another process holds the write lock past the wait, then recovers', async () => {
  const health = async () => {
    const res = await fetch(`http://127.0.0.1:${h.port}/healthz`);
    return { status: res.status, body: (await res.json()) as { database: { ok: boolean; error?: string } } };
  };
  expect((await health()).status).toBe(200);
  const other = new Database(h.store.path);
  other.exec('BEGIN EXCLUSIVE');
  try {
    // A moment's lock (an import committing) is normal: still healthy.
    const first = await health();
    expect(first.status).toBe(200);
    let seen = first;
    const until = Date.now() + 15_000;
    while (seen.status === 200 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      seen = await health();
    }
    expect(seen.status).toBe(503);
    expect(seen.body.database.ok).toBe(false);
    expect(seen.body.database.error).toMatch(/^locked: another process has held the write lock for \d+ s$/);
  } finally {
    other.exec('ROLLBACK');
    await other.close();
  }
  expect((await health()).status).toBe(200);
}, 60_000);
