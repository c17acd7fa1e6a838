// `cli remind` when Slack cannot be reached while finding the recipients: one line saying so, exit 1, nothing sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'remind-unreachable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readStdin: async () => '',
    // Port 9 (discard) on the loopback: nothing listens there, so every call fails at once.
    env: {
      DATABASE_PATH: join(dir, 'live.db'),
      CONTENT_DIR: join(REPO, 'content'),
      SLACK_BOT_TOKEN: 'xoxb-unreachable',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    },
    cwd: REPO,
  };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

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
