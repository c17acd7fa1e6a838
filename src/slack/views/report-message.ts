// The completion report as an ephemeral Slack message: a table per group and department, then (for those
// entitled, and only in this private reply) the names of people still outstanding.
import type { CompletionReport } from '../../reports/report.js';
import { formatRate } from '../../reports/report.js';
import { escapeMrkdwn } from '../escape.js';
import { type Block, context, fitMessage, header, type MessageView, sections } from './blocks.js';

/** How many outstanding names one message lists; the CLI has the rest. */
export const MAX_NAMES = 100;

function table(report: CompletionReport): string {
  const lines = report.rows.map(
    (r) =>
      `${r.group.slice(0, 30).padEnd(30)} ${r.department.slice(0, 28).padEnd(28)} ${String(r.required).padStart(4)} ${String(r.completed).padStart(4)} ${String(r.outstanding).padStart(4)} ${String(r.overdue).padStart(4)} ${formatRate(r.rate).padStart(6)}`,
  );
  const t = report.totals;
  lines.push(
    `${'All'.padEnd(59)} ${String(t.required).padStart(4)} ${String(t.completed).padStart(4)} ${String(t.outstanding).padStart(4)} ${String(t.overdue).padStart(4)} ${formatRate(t.rate).padStart(6)}`,
  );
  return lines.map(escapeMrkdwn).join('\n');
}

export function buildReportMessage(report: CompletionReport): MessageView {
  const scope = report.scope === 'all' ? 'all departments' : report.scope.join(', ');
  const blocks: Block[] = [
    header(`Training completion as of ${report.today}`),
    context(`Scope: ${escapeMrkdwn(scope)}. Only you can see this.`),
  ];
  const head = `${'group'.padEnd(30)} ${'department'.padEnd(28)} req. done out. late   rate`;
  // Code blocks are split so each section stays under Slack's 3,000 characters.
  const rows = table(report).split('\n');
  for (let i = 0; i < rows.length; i += 25)
    blocks.push(...sections(`\`\`\`${i === 0 ? `${head}\n` : ''}${rows.slice(i, i + 25).join('\n')}\`\`\``));
  if (report.outstanding.length > 0) {
    const names = report.outstanding
      .slice(0, MAX_NAMES)
      .map(
        (p) =>
          `• ${escapeMrkdwn(p.name)} (${escapeMrkdwn(p.department)}, ${escapeMrkdwn(p.group)}${p.state === 'overdue' ? ', overdue' : ''})`,
      );
    blocks.push(...sections(`*Still outstanding (${report.outstanding.length})*\n${names.join('\n')}`));
    if (report.outstanding.length > MAX_NAMES)
      blocks.push(
        context(`…and ${report.outstanding.length - MAX_NAMES} more: \`cli report\` has everyone.`),
      );
  }
  const t = report.totals;
  return fitMessage({
    text: `Training completion as of ${report.today} (${scope}): ${t.completed} of ${t.required} required completed, ${t.outstanding} outstanding, ${t.overdue} overdue.`,
    blocks,
  });
}
