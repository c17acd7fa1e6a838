// The Slack email lookup: the synced directory first, users.info only when it cannot say.
import { describe, expect, it } from 'vitest';
import { createSlackEmailLookup } from '../../src/slack/identity.js';
import type { DirectoryMember } from '../../src/store/index.js';

const SLACK_EMAIL = 'from.users.info@example.edu';

function lookupWith(directory: (userId: string) => Promise<DirectoryMember | null>) {
  const asked: string[] = [];
  const client = {
    call: async (_method: string, { user }: Record<string, unknown>) => {
      asked.push(String(user));
      return { ok: true, user: { id: user, profile: { email: SLACK_EMAIL } } };
    },
  };
  return {
    asked,
    lookup: createSlackEmailLookup(client, { directory: { currentDirectoryByUser: directory } }),
  };
}

const member = (extra: Partial<DirectoryMember>): DirectoryMember => ({
  userId: 'U1',
  email: 'from.directory@example.edu',
  deleted: false,
  isBot: false,
  tz: null,
  ...extra,
});

describe('createSlackEmailLookup', () => {
  it.each<[string, () => Promise<DirectoryMember | null>, string | null, number]>([
    ['in the directory', async () => member({}), 'from.directory@example.edu', 0],
    ['in it with no email (hidden)', async () => member({ email: null }), null, 0],
    ['a bot there', async () => member({ isBot: true }), null, 0],
    ['not in it (or it is stale)', async () => null, SLACK_EMAIL, 1],
    ['deactivated there, yet writing now', async () => member({ deleted: true }), SLACK_EMAIL, 1],
    [
      'the database cannot be read',
      async () => {
        throw new Error('database down');
      },
      SLACK_EMAIL,
      1,
    ],
  ])('%s', async (_name, directory, email, calls) => {
    const { asked, lookup } = lookupWith(directory);
    expect(await Promise.all([lookup('U1'), lookup('U1')])).toEqual([email, email]);
    expect(await lookup('U1')).toBe(email);
    expect(asked).toHaveLength(calls);
  });
});
