// GET /healthz for the people who run the app: content loaded, database reachable.
import type { CustomRoute } from '@slack/bolt';

export interface HealthReport {
  ok: boolean;
  content: { ok: boolean; faqEntries: number };
  database: { ok: boolean; error?: string };
  /** Requests being worked on right now. */
  inFlight: number;
}

export function healthRoute(check: () => HealthReport): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      let report: HealthReport;
      try {
        report = check();
      } catch (error) {
        report = {
          ok: false,
          content: { ok: false, faqEntries: 0 },
          database: { ok: false, error: error instanceof Error ? error.message : String(error) },
          inFlight: 0,
        };
      }
      res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(report));
    },
  };
}
