// `cli remind` tells a script whether anything went out: exit 1 when every delivery failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { ADMIN, demoStore, slackUsersFor, tempDb } from './support.js';

const TOKEN = 'xoxb-cli-remind';

describe('cli remind exit status', () => {
  let standIn: SlackStandIn;
  const db = tempDb();
  beforeAll(async () => {
    const store = await demoStore(db);
    standIn = await startSlackStandIn({ token: TOKEN, users: await slackUsersFor(store) });
    await store.close();
  });
  afterAll(() => standIn.close());

  const remind = async () => {
    const out: string[] = [];
    const io: CliIo = {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      readStdin: async () => '',
      env: { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: standIn.url },
      cwd: process.cwd(),
    };
    const args = ['remind', '--template', 'overdue', '--state', 'overdue', '--as', ADMIN];
    const code = await runCli([...args, '--db', db, '--on', '2021-02-22', '--rate', '6000'], io);
    return { code, out: out.join('\n') };
  };

  it('exits 1 when every delivery failed, and says why', async () => {
    standIn.inject({
      method: 'chat.postMessage',
      respond: { error: 'messages_tab_disabled' },
      times: Infinity,
    });
    const { code, out } = await remind();
    expect(out).toContain('sent 0, skipped 0, failed 4');
    expect(out).toContain('failed: messages_tab_disabled (4)');
    expect(code).toBe(1);
  });

  it('exits 0 when some got through', async () => {
    standIn.clearFaults();
    standIn.inject({ method: 'chat.postMessage', respond: { error: 'messages_tab_disabled' }, times: 1 });
    const { code, out } = await remind();
    expect(out).toContain('sent 3, skipped 0, failed 1');
    expect(code).toBe(0);
  });
});
