// `cli remind` when Slack cannot be reached while finding the recipients: one line saying so, exit 1, nothing sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliIn } from '../support/cli.js';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'remind-unreachable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  runCliIn(
    REPO,
    // Port 9 (discard) on the loopback: nothing listens there, so every call fails at once.
    {
      DATABASE_PATH: join(dir, 'live.db'),
      CONTENT_DIR: join(REPO, 'content'),
      SLACK_BOT_TOKEN: 'xoxb-unreachable',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    },
    args,
  );

describe('remind with Slack out of reach', () => {
  it('says users.list failed, exit 1, and no stack trace', async () => {
    expect((await cli('roster', 'import', 'examples/roster.csv')).code).toBe(0);
    expect((await cli('access', 'grant', 'rhea.admin@example.edu', 'admin')).code).toBe(0);
    const sent = await cli(
      ...'remind --state due-within --days 7 --template due-soon --as rhea.admin@example.edu --on 2021-02-10'.split(
        ' ',
      ),
    );
    expect(sent).toEqual({ code: 1, out: '', err: 'users.list failed: network_error' });
  });
});
