// The admin desk: what admins and department admin officers see beyond the subcommands, for any transport.
// The App Home's admin section (withAdminHome puts it above the personal one) and the report as a CSV file.
import { mayBroadcast } from '../broadcast/index.js';
import type { Content } from '../content/load.js';
import { buildOverview } from '../reports/overview.js';
import { buildCompletionReport, reportCsv, scopeFileSlug } from '../reports/report.js';
import { reportScope } from '../rules/index.js';
import type { Store } from '../store/index.js';
import type { Part } from '../text/reply.js';
import type { Bot } from './bot.js';
import { adminHomeParts, type CampaignLine } from './replies/admin-home.js';
import { reportScopeText } from './replies/report.js';
import type { Viewer } from './viewer.js';

export type AdminDeskStore = Pick<
  Store,
  'listPeople' | 'snapshots' | 'campaigns' | 'lastCompletionsImport' | 'stats'
>;

export interface AdminDeskDeps {
  content: Content;
  store: AdminDeskStore;
  now: () => Date;
}

export interface ReportFile {
  /** `completion-report-2021-02-10-all.csv`. */
  filename: string;
  csv: string;
  /** "all departments", "the department Imaginary Physics". */
  scope: string;
  today: string;
}

export interface AdminDesk {
  /** The admin section of the App Home; empty for anyone who may not see a report. */
  homeParts(viewer: Viewer): Promise<Part[]>;
  /** The completion report of the viewer's scope as CSV (README: the columns); null if they may not see one. */
  reportCsv(viewer: Viewer): Promise<ReportFile | null>;
}

/** "2021-02-10 14:03" in the cycle's time zone. */
function moment(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

export function createAdminDesk(deps: AdminDeskDeps): AdminDesk {
  const { content, store } = deps;
  const zone = content.schedule.cycle.timeZone;
  const scopeOf = (viewer: Viewer) => {
    const scope = reportScope(viewer.grants);
    return scope.ok ? scope.departments : null;
  };
  return {
    async homeParts(viewer) {
      const scope = scopeOf(viewer);
      if (scope === null) return [];
      const overview = await buildOverview(store, content, deps.now(), scope);
      const ci = await store.lastCompletionsImport();
      const ri = (await store.stats()).lastRosterImport;
      const recent = (await store.campaigns.listCampaigns(20)).filter((c) => !c.dryRun).slice(0, 5);
      const campaigns: CampaignLine[] = await Promise.all(
        recent.map(async (c) => {
          const counts = await store.campaigns.counts(c.id);
          return {
            id: c.id,
            kind: c.kind,
            by: c.createdBy,
            when: moment(c.createdAt, zone),
            sent: counts.sent,
            skipped: counts.skipped,
            failed: counts.failed,
            running: c.finishedAt === null,
          };
        }),
      );
      return adminHomeParts({
        overview,
        mayRemind: mayBroadcast(viewer.grants),
        completionsImport: ci && {
          when: moment(ci.importedAt, zone),
          file: ci.file,
          counts: `${ci.rows} rows: ${ci.recorded} recorded, ${ci.earlier} moved earlier, ${ci.unchanged} unchanged, ${ci.unknown} not on the roster`,
        },
        rosterImport: ri && { when: moment(ri.importedAt, zone), file: ri.file },
        campaigns,
      });
    },
    async reportCsv(viewer) {
      const scope = scopeOf(viewer);
      if (scope === null) return null;
      const report = await buildCompletionReport(store, content, deps.now(), scope);
      return {
        filename: `completion-report-${report.today}-${scopeFileSlug(scope)}.csv`,
        csv: reportCsv(report),
        scope: reportScopeText(report),
        today: report.today,
      };
    },
  };
}

/** The bot with the admin section above the personal App Home, for those who may see a report. */
export function withAdminHome(bot: Bot, desk: AdminDesk): Bot {
  return {
    ...bot,
    async home(viewer) {
      const personal = await bot.home(viewer);
      const admin = await desk.homeParts(viewer);
      return admin.length === 0 ? personal : { parts: [...admin, ...personal.parts] };
    },
  };
}
