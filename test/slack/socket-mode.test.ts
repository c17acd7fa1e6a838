// What Socket Mode adds to the behaviour both transports share (behaviour.test.ts): acks before the work,
// connections Slack refreshes or the network drops, envelopes sent again, and /healthz saying whether the
// socket is up. The real app against the WebSocket stand-in, in this process.
import { describe, expect, it } from 'vitest';
import type { Subcommand } from '../../src/bot/index.js';
import type { SocketModeStandIn } from '../support/socket-mode-stand-in.js';
import { PEOPLE, useHarness } from './app-harness.js';

let release: (() => void) | undefined;
// Work that takes as long as the test wants: the ack must not wait for it.
const slow: Subcommand = {
  name: 'slow',
  usage: 'slow',
  description: 'waits',
  run: () =>
    new Promise((resolve) => {
      release = () =>
        resolve({ type: 'message', private: true, message: { text: 'done slowly', parts: [] } });
    }),
};

const h = useHarness({ transport: 'socket', subcommands: [slow] });
const socket = (): SocketModeStandIn => {
  if (!h.transport.socket) throw new Error('not in Socket Mode');
  return h.transport.socket;
};

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const health = async () => {
  const response = await fetch(`http://127.0.0.1:${h.port}/healthz`);
  return { status: response.status, body: (await response.json()) as { ok: boolean; socket?: unknown } };
};

const posts = () => h.standIn.callsTo('chat.postMessage');

describe('acknowledgements', () => {
  it('acks a command at once and does the work after', async () => {
    const responseUrl = h.standIn.responseUrl();
    const ack = await h.client.sendCommand({ userId: PEOPLE.bram.id, text: 'slow', responseUrl });
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(3000);
    // Acknowledged while the work is still going on: nothing answered yet.
    await until(() => release !== undefined, 'the work to start');
    expect(h.slack.inFlight).toBe(1);
    expect(h.standIn.responsesTo(responseUrl)).toEqual([]);
    release?.();
    const [reply] = await h.standIn.waitFor(() => {
      const r = h.standIn.responsesTo(responseUrl);
      return r.length > 0 ? r : undefined;
    });
    expect(reply?.args['text']).toBe('done slowly');
  });

  it('acks an envelope Slack sends again, and answers it once', async () => {
    const responseUrl = h.standIn.responseUrl();
    await h.client.sendCommand({ userId: PEOPLE.bram.id, text: 'status', responseUrl });
    const first = socket().acks.at(-1);
    const again = await socket().redeliver(first?.envelopeId ?? '');
    expect(again.envelopeId).toBe(first?.envelopeId);
    await h.idle();
    expect(h.standIn.responsesTo(responseUrl)).toHaveLength(1);
  });
});

describe('connections', () => {
  it('/healthz says the socket is connected', async () => {
    expect(await health()).toEqual({
      status: 200,
      body: expect.objectContaining({ ok: true, socket: { connected: true } }),
    });
  });

  it('reconnects at once when Slack asks (refresh_requested), losing and doubling nothing', async () => {
    const before = socket().connections.length;
    const first = await h.client.sendDirectMessage(PEOPLE.bram.id, 'can I take more than one course?');
    await h.standIn.waitForCall('chat.postMessage');
    const firstEnvelope = socket().acks.at(-1)?.envelopeId ?? '';

    socket().disconnect('refresh_requested');
    // Sent while the app reconnects: Slack holds it for the new connection.
    const second = await h.client.sendDirectMessage(PEOPLE.bram.id, 'can I do it during working hours?');
    expect(socket().connections).toHaveLength(before + 1);
    expect(socket().acks.at(-1)?.ackedOn).toBe(before + 1);
    // The first event again, on the new connection, as Slack does when it missed an ack.
    const redelivered = await socket().redeliver(firstEnvelope);
    expect(redelivered.ackedOn).toBe(before + 1);

    await h.standIn.waitFor(() => posts().length >= 2 || undefined);
    await h.idle();
    expect(posts()).toHaveLength(2);
    expect(first.eventId).not.toBe(second.eventId);
    expect(h.logs).toContainEqual(expect.stringContaining('(refresh_requested); reconnecting now'));
    expect(h.logs).toContainEqual(expect.stringContaining('Socket Mode reconnected.'));
    expect((await health()).status).toBe(200);
  });

  it.each(['warning', 'link_disabled'] as const)(
    'reconnects after a disconnect (%s) and answers what comes next',
    async (reason) => {
      const before = socket().connections.length;
      socket().disconnect(reason);
      await h.client.sendDirectMessage(PEOPLE.bram.id, 'will we have to do this every year?');
      expect(socket().connections).toHaveLength(before + 1);
      await h.standIn.waitForCall('chat.postMessage');
      expect(h.logs).toContainEqual(expect.stringContaining(`(${reason}); reconnecting now`));
    },
  );

  it('reconnects with growing waits after a dropped connection, saying so, and is unhealthy meanwhile', async () => {
    const before = socket().connections.length;
    h.standIn.failNext('apps.connections.open', 'internal_error', 2);
    socket().drop();
    await until(() => h.logs.some((l) => l.includes('retrying in 200 ms (attempt 3)')), 'the third attempt');
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ok: false, socket: { connected: false } });

    await socket().waitForConnections(1);
    await until(() => h.logs.some((l) => l.includes('Socket Mode reconnected.')), 'the reconnection');
    expect(socket().connections).toHaveLength(before + 1);
    expect(h.logs.filter((l) => /^(info|warn|error) /.test(l) && /Socket Mode/.test(l))).toEqual([
      expect.stringMatching(/^warn Socket Mode connection lost; reconnecting in 50 ms \(attempt 1\)/),
      expect.stringMatching(/internal_error.*retrying in 100 ms \(attempt 2\)/),
      expect.stringMatching(/internal_error.*retrying in 200 ms \(attempt 3\)/),
      'info Socket Mode reconnected.',
    ]);
    expect((await health()).status).toBe(200);
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I access the training?');
    await h.standIn.waitForCall('chat.postMessage');
  });

  // Last: it leaves the app without a connection.
  it('gives up, saying why, when Slack refuses the app-level token on a reconnect', async () => {
    const opened = h.standIn.callsTo('apps.connections.open').length;
    h.standIn.failNext('apps.connections.open', 'invalid_auth');
    socket().drop();
    await until(() => h.logs.some((l) => l.startsWith('error Slack refused SLACK_APP_TOKEN')), 'the refusal');
    // No retry after the refusal: a revoked token will not come back by itself.
    await new Promise((r) => setTimeout(r, 500));
    expect(h.standIn.callsTo('apps.connections.open')).toHaveLength(opened + 1);
    expect((await health()).status).toBe(503);
  });
});
