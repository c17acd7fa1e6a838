// `cli completions import FILE.csv [--dry-run]`: the nightly LMS completion report.
import { loadContent } from '../content/load.js';
import { formatImportIssue, parseCompletions } from '../store/index.js';
import { DB_OPTION, openCliStore, readInputFile, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, contentDir, parseCliArgs } from './io.js';

/** Said of each row whose email the roster does not have: the row is reported, never dropped silently. */
export const NOT_ON_ROSTER = 'not on the roster: completion not recorded';

export function run(args: string[], io: CliIo): Promise<number> {
  return reportingStoreErrors(io, () => runCompletions(args, io));
}

async function runCompletions(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    ...DB_OPTION,
    content: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  const [sub, file, ...rest] = positionals;
  if (sub !== 'import' || !file || rest.length > 0)
    throw new CliUsageError('Expected "completions import FILE.csv".');
  const data = readInputFile(file, io);
  const content = loadContent(contentDir(values.content, io));
  const { records, issues, notes } = parseCompletions(data, file, content);
  if (issues.length > 0) {
    for (const issue of issues) io.err(formatImportIssue(issue));
    io.err(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${file}: nothing imported.`);
    return 1;
  }
  // Completions of an earlier cycle are kept, as its history: said, not refused.
  for (const note of notes) io.out(`note: ${formatImportIssue(note)}`);
  const dryRun = values['dry-run'] ?? false;
  const store = openCliStore(values.db, io, content.schedule);
  try {
    const s = store.importCompletions(records, { dryRun });
    for (const u of s.unknown) {
      io.err(
        formatImportIssue({ file, line: u.line, column: 'email', problem: NOT_ON_ROSTER, value: u.email }),
      );
    }
    io.out(
      `${file}: ${records.length} rows. ${dryRun ? 'Dry run, nothing changed: would have ' : ''}` +
        `${s.recorded} recorded, ${s.earlier} moved earlier, ${s.unchanged} unchanged, ` +
        `${s.unknown.length} not on the roster.`,
    );
  } finally {
    store.close();
  }
  return 0;
}
