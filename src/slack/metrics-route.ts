// GET /metrics for the people who run the app: Prometheus text format, next to /healthz on the same port.
import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from '../metrics.js';

export const METRICS_PATH = '/metrics';

/** One of Bolt's custom routes (HTTP mode), or of the health server (Socket Mode). */
export function metricsRoute(metrics: Pick<Metrics, 'render'>): CustomRoute {
  return { path: METRICS_PATH, method: ['GET'], handler: (_req, res) => void answer(metrics, res) };
}

async function answer(metrics: Pick<Metrics, 'render'>, res: ServerResponse): Promise<void> {
  try {
    const { contentType, body } = await metrics.render();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('metrics could not be collected\n');
  }
}
