// `npm start` in Socket Mode, as real child processes against the Web API and WebSocket stand-ins: a refused
// app-level token stops it with one line, and two processes on one database answer each event once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAppClient } from '../support/slack-app-client.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { APP_TOKEN, socketModeDelivery } from '../support/slack-transport.js';
import { type SocketModeStandIn, startSocketModeStandIn } from '../support/socket-mode-stand-in.js';
import { PEOPLE } from './app-harness.js';

const REPO = resolve(import.meta.dirname, '../..');
const BOT_TOKEN = 'xoxb-socket-main-test';
const dir = mkdtempSync(join(tmpdir(), 'socket-main-'));
let standIn: SlackStandIn;
let socket: SocketModeStandIn;
const children: ChildProcess[] = [];

beforeAll(async () => {
  standIn = await startSlackStandIn({ token: BOT_TOKEN, users: Object.values(PEOPLE) });
  socket = await startSocketModeStandIn({ webApi: standIn, appToken: APP_TOKEN });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await socket.close();
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  // Node itself with tsx's loader, not the tsx CLI: the CLI relays SIGTERM but SIGKILLs a child that does not
  // confirm within 60 ms, which a loaded machine misses (exit 143 instead of a clean stop).
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/main.ts')], {
    cwd: REPO,
    env: {
      PATH: process.env['PATH'] ?? '',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: standIn.url,
      PORT: '0',
      DATABASE_PATH: join(dir, 'shared.db'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

async function until<T>(check: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start in Socket Mode', () => {
  it('stops with exit 1 and one clear line when Slack refuses SLACK_APP_TOKEN', async () => {
    const app = start({ SLACK_APP_TOKEN: 'xapp-1-revoked-token', DATABASE_PATH: join(dir, 'refused.db') });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toEqual([expect.stringContaining('Slack refused SLACK_APP_TOKEN')]);
    expect(lines[0]).toContain('"invalid_auth"');
    expect(lines[0]).toContain('App-Level Tokens');
    // The token itself is never quoted back.
    expect(app.output()).not.toContain('revoked-token');
    expect(standIn.callsTo('apps.connections.open').map((c) => c.response['error'])).toContain(
      'invalid_auth',
    );
  }, 40_000);

  it('two processes on one database: envelopes spread over both, each answered once, redeliveries too', async () => {
    const apps = [start({ SLACK_APP_TOKEN: APP_TOKEN }), start({ SLACK_APP_TOKEN: APP_TOKEN })];
    const ports = await Promise.all(
      apps.map((app) => until(() => /localhost:(\d+)\/healthz/.exec(app.output())?.[1], 'the app to listen')),
    );
    await socket.waitForConnections(2, 30_000);
    for (const port of ports) {
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await health.json()).toMatchObject({ ok: true, socket: { connected: true } });
    }
    standIn.reset();

    const client = createSlackAppClient({
      eventsUrl: socket.url,
      signingSecret: 'unused-in-socket-mode',
      botUserId: standIn.botUserId,
      dmChannelFor: standIn.dmChannelFor,
      deliver: socketModeDelivery(socket),
    });
    const questions = [
      'can I take more than one course?',
      'can I do it during working hours?',
      'will we have to do this every year?',
      'how do I access the training?',
      'what if I have already taken a similar course?',
      'when is the deadline?',
    ];
    const sentBefore = socket.sent.length;
    const sent = [];
    for (const question of questions) sent.push(await client.sendDirectMessage(PEOPLE.nobody.id, question));
    const spread = new Set(socket.sent.slice(sentBefore).map((s) => s.connection));
    expect(spread.size).toBe(2);
    await standIn.waitFor(
      (calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 6 || undefined,
    );

    // Slack sends the first three again, each to the other process this time.
    const envelopes = socket.sent.slice(sentBefore, sentBefore + 3).map((s) => s.envelope.envelope_id);
    const again = await Promise.all(envelopes.map((id) => socket.redeliver(id)));
    for (const [i, ack] of again.entries()) {
      expect(ack.ackedOn).not.toBe(socket.sent[sentBefore + i]?.connection);
    }
    // Enough time for a doubled answer to arrive, if there were one.
    await new Promise((r) => setTimeout(r, 1000));
    const answered = standIn.callsTo('chat.postMessage');
    expect(answered).toHaveLength(questions.length);
    expect(new Set(sent.map((s) => s.eventId)).size).toBe(questions.length);

    for (const app of apps) app.child.kill('SIGTERM');
    expect(await Promise.all(apps.map((app) => app.exited))).toEqual([0, 0]);
  }, 90_000);
});
