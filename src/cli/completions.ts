// `cli completions import FILE.csv [--dry-run]`: the nightly LMS completion report.
import { loadContent } from '../content/load.js';
import { recordSnapshot } from '../reports/snapshots.js';
import { dayIn } from '../rules/index.js';
import { formatImportIssue, parseCompletions } from '../store/index.js';
import { DB_OPTION, openCliStore, readInputFile, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, contentDir, parseCliArgs } from './io.js';

/** Said of each row whose email the roster does not have: the row is reported, never dropped silently. */
export const NOT_ON_ROSTER = 'not on the roster: completion not recorded';

export interface CompletionsCommandDeps {
  /** The import's "now": a completion dated after its day (in the cycle's zone) is a bad row. */
  now: () => Date;
}

export const run = createCompletionsCommand({ now: () => new Date() });

export function createCompletionsCommand(deps: CompletionsCommandDeps) {
  return (args: string[], io: CliIo): Promise<number> =>
    reportingStoreErrors(io, () => runCompletions(args, io, deps));
}

async function runCompletions(args: string[], io: CliIo, deps: CompletionsCommandDeps): Promise<number> {
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
  const today = dayIn(deps.now(), content.schedule.cycle.timeZone);
  const { records, issues, notes } = parseCompletions(data, file, content, { today });
  if (issues.length > 0) {
    for (const issue of issues) io.err(formatImportIssue(issue));
    io.err(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${file}: nothing imported.`);
    return 1;
  }
  // Completions of an earlier cycle are kept, as its history: said, not refused.
  for (const note of notes) io.out(`note: ${formatImportIssue(note)}`);
  const dryRun = values['dry-run'] ?? false;
  const store = await openCliStore(values.db, io, content.schedule);
  try {
    const s = await store.importCompletions(records, { dryRun, file });
    for (const u of s.unknown) {
      io.err(
        formatImportIssue({ file, line: u.line, column: 'email', problem: NOT_ON_ROSTER, value: u.email }),
      );
    }
    // Most likely the wrong file, or a database whose roster was never imported: not a success.
    if (s.unknown.length === records.length) {
      io.err(
        `None of the ${records.length} rows in ${file} is for someone on the roster: nothing recorded. ` +
          `Check that this is the LMS report for ${store.path}, and that the roster was imported first ` +
          `("cli roster import").`,
      );
      return 1;
    }
    io.out(
      `${file}: ${records.length} rows. ${dryRun ? 'Dry run, nothing changed: would have ' : ''}` +
        `${s.recorded} recorded, ${s.earlier} moved earlier, ${s.unchanged} unchanged, ` +
        `${s.unknown.length} not on the roster.`,
    );
    if (!dryRun) {
      // Progress over time: the counts as they stand after this import (and any missed day rebuilt).
      const snapshot = await recordSnapshot(store, content, deps.now(), 'import');
      io.out(
        `Snapshot for ${snapshot.day} recorded (counts per group and department${snapshot.reconstructed > 0 ? `; ${snapshot.reconstructed} earlier day(s) rebuilt from the completion dates` : ''}).`,
      );
    }
  } finally {
    await store.close();
  }
  return 0;
}
