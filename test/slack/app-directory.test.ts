// Who is asking, from the synced Slack directory first: a DM from someone the `slack_directory` rows have (while
// the directory is current) costs no users.info call, so a burst of first DMs is not a burst of Tier 4 calls;
// someone it does not have, or a directory older than a day, costs exactly one.
import { describe, expect, it } from 'vitest';
import { DIRECTORY_MAX_AGE_MS, openStore } from '../../src/store/index.js';
import { blockText, PEOPLE, useHarness } from './app-harness.js';

const h = useHarness();

const member = (user: { id: string; email: string | null }) => ({
  userId: user.id,
  email: user.email,
  deleted: false,
  isBot: false,
  tz: 'America/New_York',
});

describe('a DM from someone not linked to the roster yet', () => {
  it('is answered from the directory when it has them: no users.info call, and the roster match is linked', async () => {
    await h.store.directory.replaceDirectory([member(PEOPLE.bram), member(PEOPLE.nobody)]);
    expect(await h.store.personBySlackId(PEOPLE.bram.id)).toBeNull();

    await Promise.all([
      h.client.sendDirectMessage(PEOPLE.bram.id, 'do I need to take it?'),
      h.client.sendDirectMessage(PEOPLE.nobody.id, 'do I need to take it?'),
    ]);
    await h.standIn.waitFor(() => h.standIn.callsTo('chat.postMessage').length === 2, 5000);
    const toBram = h.standIn
      .callsTo('chat.postMessage')
      .find((c) => c.args['channel'] === h.standIn.dmChannelFor(PEOPLE.bram.id));
    expect(blockText(toBram?.args['blocks'])).toContain('Do you need to take it? Yes.');
    expect(h.standIn.callsTo('users.info')).toEqual([]);
    await h.idle();
    expect((await h.store.personBySlackId(PEOPLE.bram.id))?.profile.email).toBe(
      'bram.placeholder@example.edu',
    );
  });

  it('asks users.info exactly once for someone the directory does not have', async () => {
    await h.client.sendDirectMessage(PEOPLE.cleo.id, 'do I need to take it?');
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(blockText(post.args['blocks'])).toContain('sabbatical');
    expect(h.standIn.callsTo('users.info').map((c) => c.args['user'])).toEqual([PEOPLE.cleo.id]);
  });

  it('asks users.info when the directory was synced longer ago than its sync allows', async () => {
    // Written by a handle whose clock is a day and a minute behind: the sync is stale by the directory's rule.
    const past = await openStore({
      path: h.store.path,
      now: () => new Date(Date.now() - DIRECTORY_MAX_AGE_MS - 60_000),
    });
    try {
      await past.directory.replaceDirectory([member(PEOPLE.rhea)]);
    } finally {
      await past.close();
    }
    await h.client.sendDirectMessage(PEOPLE.rhea.id, 'do I need to take it?');
    await h.standIn.waitForCall('chat.postMessage');
    expect(h.standIn.callsTo('users.info').map((c) => c.args['user'])).toEqual([PEOPLE.rhea.id]);
  });
});
