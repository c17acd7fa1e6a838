// The one HTTP path to the Web API. leanFetch answers and fails as the global fetch does for what the Web API
// clients send: the same status, headers and body, the same rejection for a timeout, a dropped connection and a
// refused one (classifyFetchError reads them alike), and a redirect refused. send, our own callers',
// keeps its connection for the next call, even after an answer whose body nobody wanted.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyFetchError } from '../../src/slack/web-api/caller.js';
import { headerOf, leanFetch, send } from '../../src/slack/web-api/transport.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

const TOKEN = 'xoxb-lean';
const FETCHES = [
  ['the global fetch', fetch],
  ['leanFetch', leanFetch],
] as const;

describe.each(FETCHES)('%s', (_name, doFetch) => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ token: TOKEN });
  });
  afterAll(() => standIn.close());

  const post = (args: Record<string, string>, timeoutMs = 2000) =>
    doFetch(`${standIn.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(args),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  const failure = async (response: Promise<Response>) => {
    const error = await response.then(
      () => expect.unreachable('it answered'),
      (e: unknown) => e,
    );
    return { name: (error as Error).name, ...classifyFetchError(error) };
  };

  it('sends the form and hands back the answer, its status and headers', async () => {
    const response = await post({ channel: 'U0LEAN0001', text: 'hello' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ ok: true, channel: expect.any(String) });
    // What the WebClient reads of a failed call's answer, and a body read once only.
    expect(Object.fromEntries(response.headers.entries())).toMatchObject({
      'content-type': expect.stringMatching(/^application\/json/),
    });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(standIn.callsTo('chat.postMessage').at(-1)?.args).toMatchObject({ text: 'hello' });
  });

  it('hands back a 429 with its Retry-After, and an error status', async () => {
    standIn.rateLimitNext('chat.postMessage', 7);
    const limited = await post({ channel: 'U0LEAN0001', text: 'x' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    standIn.inject({ method: 'chat.postMessage', respond: { httpStatus: 503 } });
    expect((await post({ channel: 'U0LEAN0001', text: 'x' })).status).toBe(503);
  });

  it('an answer later than the signal allows rejects as a timeout', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { delayMs: 900 } });
    expect(await failure(post({ channel: 'U0LEAN0001', text: 'x' }, 200))).toMatchObject({
      name: 'TimeoutError',
      error: 'timeout',
    });
  });

  it('a dropped connection is a lost connection; a refused one a network error', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { drop: 'before' } });
    expect(await failure(post({ channel: 'U0LEAN0001', text: 'x' }))).toMatchObject({
      name: 'TypeError',
      error: 'connection_lost',
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = doFetch(`http://127.0.0.1:${port}/api/chat.postMessage`, {
      method: 'POST',
      body: 'a=1',
      redirect: 'error',
    });
    expect(await failure(refused)).toMatchObject({ name: 'TypeError', error: 'network_error' });
  });

  it('refuses a redirect it was told not to follow', async () => {
    const redirecting = createServer((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    try {
      const { port } = redirecting.address() as AddressInfo;
      const answer = doFetch(`http://127.0.0.1:${port}/api/auth.test`, {
        method: 'POST',
        body: 'a=1',
        redirect: 'error',
      });
      expect((await failure(answer)).name).toBe('TypeError');
    } finally {
      await new Promise<void>((r) => redirecting.close(() => r()));
    }
  });
});

describe('send', () => {
  it('sends the form with its headers, and a 429 discarded leaves the connection for the next call', async () => {
    const sockets = new Set<unknown>();
    const server = createServer((req, res) => {
      sockets.add(req.socket);
      req.resume();
      req.on('end', () => {
        if (req.headers['x-limit'] === '1') {
          // Larger than the body's buffer: left unread, it would hold the connection.
          res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' });
          res.end(`{"ok":false,"error":"ratelimited","pad":"${'x'.repeat(100_000)}"}`);
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ ok: true, type: req.headers['content-type'], auth: req.headers.authorization }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/api/chat.postMessage`;
      const signal = AbortSignal.timeout(2000);
      const auth = {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/x-www-form-urlencoded',
      };
      const postForm = (headers: Record<string, string>, body: string) =>
        send(url, { method: 'POST', headers, body, signal });
      const limited = await postForm({ ...auth, 'x-limit': '1' }, 'a=1');
      expect([limited.statusCode, headerOf(limited, 'Retry-After')]).toEqual([429, '3']);
      limited.body.dump().catch(() => undefined);
      // Read and dropped in the background (as the caller does); then the connection serves the next call.
      await new Promise((r) => setTimeout(r, 50));
      const answer = await postForm(auth, 'a=2');
      expect(JSON.parse(await answer.body.text())).toEqual({
        ok: true,
        type: 'application/x-www-form-urlencoded',
        auth: `Bearer ${TOKEN}`,
      });
      expect(sockets.size).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
