// GET /healthz for the people who run the app: content loaded, database reachable, Slack accepting the token,
// Socket Mode connected.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { messageOf } from '../errors.js';

export interface HealthReport {
  ok: boolean;
  content: { ok: boolean; faqEntries: number };
  database: { ok: boolean; error?: string };
  /** Whether Slack accepts the bot token (auth.test at start, then every few minutes). */
  slack?: { ok: boolean; error?: string };
  /** Socket Mode only: between Slack's hello and the connection closing. */
  socket?: { connected: boolean };
  /** Requests being worked on right now. */
  inFlight: number;
}

export const HEALTH_PATH = '/healthz';

/** HTTP mode: one of Bolt's custom routes. */
export function healthRoute(check: () => Promise<HealthReport>): CustomRoute {
  return { path: HEALTH_PATH, method: ['GET'], handler: (_req, res) => void answer(check, res) };
}

/**
 * Socket Mode: the whole of a small HTTP server of its own, since Bolt's receiver serves nothing there; with
 * the other operators' routes (`/metrics`) beside /healthz.
 */
export function healthServer(
  check: () => Promise<HealthReport>,
  routes: readonly CustomRoute[] = [],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === HEALTH_PATH && req.method === 'GET') {
      void answer(check, res);
      return;
    }
    const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method ?? ''));
    if (route) {
      route.handler(req, res);
      return;
    }
    res.writeHead(404);
    res.end();
  };
}

async function answer(check: () => Promise<HealthReport>, res: ServerResponse): Promise<void> {
  let report: HealthReport;
  try {
    report = await check();
  } catch (error) {
    report = {
      ok: false,
      content: { ok: false, faqEntries: 0 },
      database: { ok: false, error: messageOf(error) },
      inFlight: 0,
    };
  }
  res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(report));
}
