// Slack's conversations.history in front of the stand-in (which does not implement it): answers from the
// messages the stand-in accepted, with their metadata, as Slack would; every other call is passed through.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SlackStandIn } from '../support/slack-stand-in.js';

export interface HistoryProxy {
  url: string;
  historyCalls: number;
  close(): Promise<void>;
}

export async function startHistoryProxy(standIn: SlackStandIn): Promise<HistoryProxy> {
  let historyCalls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      if (path === '/api/conversations.history') {
        historyCalls += 1;
        const args = new URLSearchParams(body);
        const channel = args.get('channel');
        const oldest = Number(args.get('oldest') ?? 0);
        const messages = standIn
          .callsTo('chat.postMessage')
          .filter((c) => c.ok && c.response['channel'] === channel && Number(c.response['ts']) >= oldest)
          .reverse()
          .map((c) => ({ type: 'message', ts: c.response['ts'], metadata: c.args['metadata'] }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } }),
        );
        return;
      }
      fetch(`${standIn.origin}${path}`, {
        method: 'POST',
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
        body,
      }).then(
        async (upstream) => {
          const retryAfter = upstream.headers.get('retry-after');
          res.writeHead(upstream.status, {
            'content-type': 'application/json',
            ...(retryAfter ? { 'retry-after': retryAfter } : {}),
          });
          res.end(await upstream.text());
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    get historyCalls() {
      return historyCalls;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
