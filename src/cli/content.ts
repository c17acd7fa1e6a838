// `cli content check`: validate the content folder; exit 1 on any problem, 0 when only placeholders remain.
import { checkContent } from '../content/check.js';
import { errorsOf, formatIssue } from '../content/load.js';
import { type CliIo, CliUsageError, contentDir, parseCliArgs } from './io.js';

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { content: { type: 'string' } });
  if (positionals[0] !== 'check' || positionals.length > 1)
    throw new CliUsageError('Expected "content check".');
  const dir = contentDir(values.content, io);
  const report = checkContent(dir);
  const errors = errorsOf(report.issues);
  // Warnings (a group no one reaches) are worth a look but do not stop the content from loading.
  for (const issue of report.issues) (issue.severity === 'warning' ? io.out : io.err)(formatIssue(issue));
  if (report.placeholders.length > 0) {
    io.out(`${report.placeholders.length} placeholder(s) still to fill in (the source leaves these blank):`);
    for (const p of report.placeholders) io.out(`  ${p.file}:${p.line} ${p.what}`);
  }
  if (errors.length > 0) {
    io.err(`${errors.length} problem(s) in ${dir}.`);
    return 1;
  }
  io.out(`Content in ${dir} is valid.`);
  return 0;
}
