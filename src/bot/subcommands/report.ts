// `report [department]`: completion figures, scoped to what the viewer's grants entitle them to see.
import type { Content } from '../../content/load.js';
import { buildOverview } from '../../reports/overview.js';
import { buildCompletionReportInSlices } from '../../reports/report.js';
import { mayReport, reportScope } from '../../rules/index.js';
import type { Store } from '../../store/index.js';
import { NOT_ENTITLED_TEXT, notYourDepartmentText } from '../../text/messages.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import { type Reply, text } from '../../text/reply.js';
import { reportMessage } from '../replies/report.js';
import type { Subcommand } from './index.js';

export interface ReportDeps {
  content: Content;
  store: Pick<Store, 'listPeople' | 'snapshots'>;
  now: () => Date;
}

const privately = (message: string): Reply => ({
  type: 'message',
  private: true,
  message: { text: message, parts: [text(message)] },
});

export function reportSubcommand(deps: ReportDeps): Subcommand {
  return {
    name: 'report',
    usage: 'report [department]',
    description: 'Completion per training group and department (admins and department admin officers).',
    allowed: (viewer) => mayReport(viewer.grants),
    bare: true,
    run: async (viewer, args) => {
      // `--chart`, as in the CLI, is taken and needs nothing: every report comes with its chart.
      const department = args.replace(/(^|\s)--chart(?=\s|$)/g, ' ').trim();
      const scope = reportScope(viewer.grants, department);
      if (!scope.ok) {
        // The department is echoed back: escaped, so `<!channel>` typed there stays text.
        return scope.reason === 'not_entitled'
          ? privately(NOT_ENTITLED_TEXT)
          : privately(escapeMrkdwn(notYourDepartmentText(scope.own ?? [], scope.department ?? '')));
      }
      // In slices: a 100,000-person report must not hold up everyone else's requests meanwhile.
      const built = await buildCompletionReportInSlices(
        deps.store,
        deps.content,
        deps.now(),
        scope.departments,
      );
      const { report, trend, chart } = await buildOverview(
        deps.store,
        deps.content,
        deps.now(),
        scope.departments,
        built,
      );
      return { type: 'message', private: true, message: reportMessage(report, { trend, chart }) };
    },
  };
}
