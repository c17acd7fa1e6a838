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
    other.close();
  }
}, 60_000);
