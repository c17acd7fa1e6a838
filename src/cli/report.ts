// `cli report [--department D] [--csv FILE]`: the completion report per training group and department.
// The terminal is trusted like the database file it opens: every department, counts only (no names).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadContent } from '../content/load.js';
import { buildCompletionReport, formatRate, reportCsv } from '../reports/report.js';
import { InvalidMomentError, parseMoment } from '../rules/index.js';
import { DB_OPTION, openCliStore, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, contentDir, parseCliArgs } from './io.js';

export const run = (args: string[], io: CliIo) => reportingStoreErrors(io, () => runReport(args, io));

async function runReport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    ...DB_OPTION,
    content: { type: 'string' },
    department: { type: 'string' },
    csv: { type: 'string' },
    on: { type: 'string' },
  });
  if (positionals.length > 0) throw new CliUsageError(`Unexpected "${positionals.join(' ')}".`);
  const content = loadContent(contentDir(values.content, io));
  let now = new Date();
  if (values.on !== undefined) {
    try {
      now = parseMoment(values.on, content.schedule.cycle.timeZone);
    } catch (error) {
      if (error instanceof InvalidMomentError) throw new CliUsageError(`--on: ${error.message}.`);
      throw error;
    }
  }
  const store = openCliStore(values.db, io, content.schedule);
  try {
    const department = values.department?.trim();
    if (department && !store.departments().includes(department)) {
      io.err(`No one on the roster is in the department "${department}".`);
      return 1;
    }
    const report = buildCompletionReport(store, content, now, department ? [department] : 'all');
    if (values.csv) {
      const file = resolve(io.cwd, values.csv);
      writeFileSync(file, reportCsv(report));
      io.out(`Wrote ${report.rows.length} row(s) and a total to ${values.csv} (as of ${report.today}).`);
      return 0;
    }
    io.out(`Completion as of ${report.today}${department ? `, ${department}` : ''}:`);
    const widths = [34, 34];
    io.out(
      `${'group'.padEnd(widths[0] ?? 0)} ${'department'.padEnd(widths[1] ?? 0)} required completed outstanding overdue rate`,
    );
    for (const r of report.rows) {
      io.out(
        `${r.group.slice(0, 34).padEnd(34)} ${r.department.slice(0, 34).padEnd(34)} ${String(r.required).padStart(8)} ${String(r.completed).padStart(9)} ${String(r.outstanding).padStart(11)} ${String(r.overdue).padStart(7)} ${formatRate(r.rate)}`,
      );
    }
    const t = report.totals;
    io.out(
      `${'All'.padEnd(69)} ${String(t.required).padStart(8)} ${String(t.completed).padStart(9)} ${String(t.outstanding).padStart(11)} ${String(t.overdue).padStart(7)} ${formatRate(t.rate)}`,
    );
    return 0;
  } finally {
    store.close();
  }
}
