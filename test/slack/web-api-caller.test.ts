// The broadcast caller tells a call that never reached Slack from one whose answer was not heard: only the
// first is safe to send again blindly.
import { createHook } from 'node:async_hooks';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackCaller } from '../../src/slack/web-api/index.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

const TOKEN = 'xoxb-caller';

/** A port nothing listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('createSlackCaller failures', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ token: TOKEN });
  });
  afterAll(() => standIn.close());
  const caller = (timeoutMs = 300) => createSlackCaller({ token: TOKEN, apiUrl: standIn.url, timeoutMs });
  const post = { channel: 'U0CALLER01', text: 'hello' };

  it('an answer after the timeout is a timeout that may have taken effect, and the message is in Slack', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { delayMs: 900 } });
    const result = await caller().call('chat.postMessage', post);
    expect(result).toEqual({ ok: false, status: 0, error: 'timeout', mayHaveTakenEffect: 'late' });
    expect(standIn.callsTo('chat.postMessage').at(-1)?.ok).toBe(true);
  });

  it('a connection dropped after the request went out may have taken effect too', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { drop: 'before' } });
    expect(await caller().call('chat.postMessage', post)).toEqual({
      ok: false,
      status: 0,
      error: 'connection_lost',
      mayHaveTakenEffect: 'late',
    });
  });

  it('a refused connection never reached Slack: a plain network error', async () => {
    const port = await closedPort();
    const refused = createSlackCaller({
      token: TOKEN,
      apiUrl: `http://127.0.0.1:${port}/api/`,
      timeoutMs: 300,
    });
    expect(await refused.call('chat.postMessage', post)).toEqual({
      ok: false,
      status: 0,
      error: 'network_error',
    });
  });

  it.each([
    [502, 'late'],
    [504, 'late'],
    [500, 'now'],
    [503, 'now'],
  ] as const)('HTTP %i may have taken effect (%s)', async (httpStatus, effect) => {
    standIn.inject({ method: 'chat.postMessage', respond: { httpStatus } });
    expect(await caller().call('chat.postMessage', post)).toEqual({
      ok: false,
      status: httpStatus,
      error: `http_${httpStatus}`,
      mayHaveTakenEffect: effect,
    });
  });

  it("Slack's internal_error may have done part of the work; user_not_found certainly did nothing", async () => {
    standIn.failNext('chat.postMessage', 'internal_error');
    expect(await caller().call('chat.postMessage', post)).toMatchObject({
      error: 'internal_error',
      mayHaveTakenEffect: 'now',
    });
    standIn.failNext('chat.postMessage', 'user_not_found');
    const result = await caller().call('chat.postMessage', post);
    expect(result).toEqual({ ok: false, status: 200, error: 'user_not_found' });
  });

  it('a body that stalls half-way is a timeout too: the one deadline covers the answer and its body', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":true,');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const stalled = createSlackCaller({
        token: TOKEN,
        apiUrl: `http://127.0.0.1:${port}/api/`,
        timeoutMs: 300,
      });
      expect(await stalled.call('chat.postMessage', post)).toEqual({
        ok: false,
        status: 200,
        error: 'timeout',
        mayHaveTakenEffect: 'late',
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('leaves no timer behind once a call has ended, however long its timeout', async () => {
    // A timeout's timer that outlives its call is kept for the whole timeout: thousands during a campaign.
    const pending = new Set<number>();
    const hook = createHook({
      init(id, type, _trigger, resource) {
        if (type === 'Timeout' && (resource as { _idleTimeout?: number })._idleTimeout === 60_000)
          pending.add(id);
      },
      destroy(id) {
        pending.delete(id);
      },
    }).enable();
    try {
      const slow = createSlackCaller({ token: TOKEN, apiUrl: standIn.url, timeoutMs: 60_000 });
      for (let i = 0; i < 5; i++) expect((await slow.call('chat.postMessage', post)).ok).toBe(true);
      standIn.failNext('chat.postMessage', 'user_not_found');
      expect((await slow.call('chat.postMessage', post)).ok).toBe(false);
      await new Promise((r) => setImmediate(r));
      expect(pending.size).toBe(0);
    } finally {
      hook.disable();
    }
  });
});
