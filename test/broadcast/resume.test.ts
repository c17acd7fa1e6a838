// A real child process sending a 5,000-person campaign is killed with SIGKILL mid-way; the restart resumes it
// and every recipient ends with exactly one message.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, parseRoster } from '../../src/store/index.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { type HistoryProxy, startHistoryProxy } from './history-proxy.js';
import { acceptedPosts, content, tempDb } from './support.js';

const PEOPLE = 5000;
const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = 'ops.admin@example.edu';

function cli(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const done = new Promise<{ code: number | null; out: string }>((r) =>
    child.on('exit', (code) => r({ code, out })),
  );
  return { child, done };
}

describe('SIGKILL in the middle of a campaign', () => {
  let standIn: SlackStandIn;
  let proxy: HistoryProxy;
  const db = tempDb();

  beforeAll(async () => {
    const header =
      'email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor,slack_user_id';
    const rows = Array.from({ length: PEOPLE }, (_, i) => {
      const n = String(i).padStart(5, '0');
      return `load${n}@example.edu,Load Person ${n},faculty,yes,,2010-01-01,,,,school,,Load Testing,no,UL${n}`;
    });
    const { records, issues } = parseRoster(`${header}\n${rows.join('\n')}\n`, 'load.csv', content);
    expect(issues).toEqual([]);
    const store = await openStore({ path: db, schedule: content.schedule });
    await store.importRoster(records, { file: 'load.csv' });
    await store.grant({ email: ADMIN, role: 'admin' });
    await store.close();
    standIn = await startSlackStandIn({
      token: 'xoxb-resume',
      users: rows.map((_, i) => {
        const n = String(i).padStart(5, '0');
        return { id: `UL${n}`, email: `load${n}@example.edu` };
      }),
    });
    proxy = await startHistoryProxy(standIn);
  });
  afterAll(async () => {
    await proxy?.close();
    await standIn?.close();
  });

  it('resumes after the kill and every recipient gets exactly one message', async () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-resume',
      SLACK_API_URL: proxy.url,
      BROADCAST_REQUEST_TIMEOUT_MS: '2000',
      // The killed process's lease on the campaign expires after this; --resume waits for it.
      // Long enough that the restarted CLI, starting on a loaded machine, still finds it held.
      LEASE_TTL_MS: '8000',
    };
    const common = ['--db', db, '--on', '2021-02-22', '--rate', '150000'];
    const first = cli(
      ['remind', '--template', 'overdue', '--state', 'overdue', '--as', ADMIN, ...common],
      env,
    );
    await standIn.waitFor((calls) => (acceptedPosts(calls).size >= 1500 ? true : null), 60_000);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull();
    const beforeRestart = acceptedPosts(standIn.calls).size;
    expect(beforeRestart).toBeLessThan(PEOPLE);

    const second = cli(['remind', '--resume', ...common], env);
    const resumed = await second.done;
    expect(resumed.out).toContain('Campaign #1 is held by another app process, or by one that stopped');
    // The 32 (at most) in flight at the kill were looked up in the DM history rather than sent blindly again.
    expect(resumed.out).toMatch(/after a restart: \d+ confirmed in Slack, \d+ sent again, 0 unconfirmed/);
    expect(resumed.out).toContain('finished');
    expect(resumed.code).toBe(0);

    const posts = acceptedPosts(standIn.calls);
    expect(posts.size).toBe(PEOPLE);
    expect([...posts.values()].filter((n) => n !== 1)).toEqual([]);

    const store = await openStore({ path: db });
    const { campaigns } = store;
    const [campaign] = await campaigns.listCampaigns();
    expect(campaign?.finishedAt).not.toBeNull();
    expect(await campaigns.counts(campaign?.id ?? 0)).toMatchObject({
      sent: PEOPLE,
      pending: 0,
      sending: 0,
      failed: 0,
    });
    await store.close();
  }, 120_000);
});
