// `cli roster import FILE.csv [--dry-run] [--allow-mass-deactivation]` (the nightly HR export) and
// `cli roster show EMAIL`.
import { loadContent } from '../content/load.js';
import { evaluateStatus, InvalidMomentError, parseMoment, renderStatusText } from '../rules/index.js';
import {
  formatImportIssue,
  MassDeactivationError,
  type Person,
  parseRoster,
  type RosterImportSummary,
} from '../store/index.js';
import { DB_OPTION, openCliStore, readInputFile, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, cliConfig, contentDir, parseCliArgs } from './io.js';

export interface RosterCommandDeps {
  /** The real clock by default; `roster show --on DATE` overrides it. */
  now: () => Date;
}

export const run = createRosterCommand({ now: () => new Date() });

export function createRosterCommand(deps: RosterCommandDeps) {
  return (args: string[], io: CliIo) => reportingStoreErrors(io, () => runRoster(args, io, deps));
}

async function runRoster(args: string[], io: CliIo, deps: RosterCommandDeps): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    ...DB_OPTION,
    content: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'allow-mass-deactivation': { type: 'boolean' },
    on: { type: 'string' },
  });
  const [sub, ...rest] = positionals;
  const content = () => loadContent(contentDir(values.content, io));
  switch (sub) {
    case 'import': {
      const [file] = rest;
      if (!file || rest.length > 1) throw new CliUsageError('Expected "roster import FILE.csv".');
      const data = readInputFile(file, io);
      const loaded = content();
      const { records, issues } = parseRoster(data, file, loaded);
      if (issues.length > 0) {
        for (const issue of issues) io.err(formatImportIssue(issue));
        io.err(`${issues.length} problem${issues.length === 1 ? '' : 's'} in ${file}: nothing imported.`);
        return 1;
      }
      const dryRun = values['dry-run'] ?? false;
      // The operator's explicit say-so lifts the limit for this run only.
      const limit = values['allow-mass-deactivation']
        ? {}
        : { maxDeactivateShare: cliConfig(io).roster.maxDeactivateShare };
      const store = await openCliStore(values.db, io, loaded.schedule);
      try {
        const s = await store.importRoster(records, { file, dryRun, ...limit });
        io.out(
          `${file}: ${records.length} people. ${dryRun ? 'Dry run, nothing changed: would have ' : ''}${counts(s)}.`,
        );
      } catch (error) {
        if (!(error instanceof MassDeactivationError)) throw error;
        io.err(
          `${error.message}\nIt would have ${counts(error.summary)}. Nothing changed.\n` +
            `A cut-short export looks like this. If that many people really left, run it again with ` +
            `--allow-mass-deactivation (or raise ROSTER_MAX_DEACTIVATE_SHARE).`,
        );
        return 1;
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'show': {
      const [email] = rest;
      if (!email || rest.length > 1) throw new CliUsageError('Expected "roster show EMAIL".');
      const loaded = content();
      let now: Date;
      try {
        now = values.on === undefined ? deps.now() : parseMoment(values.on, loaded.schedule.cycle.timeZone);
      } catch (error) {
        if (error instanceof InvalidMomentError) throw new CliUsageError(`--on: ${error.message}.`);
        throw error;
      }
      const store = await openCliStore(values.db, io, loaded.schedule);
      try {
        const person = await store.personByEmail(email);
        if (!person) {
          io.err(`No one with the email "${email}" in the roster at ${store.path}.`);
          return 1;
        }
        io.out(describePerson(person));
        io.out('');
        if (person.active) io.out(renderStatusText(evaluateStatus(person.profile, loaded, now), loaded));
        else io.out(NOT_ON_ROSTER_STATUS);
      } finally {
        await store.close();
      }
      return 0;
    }
    default:
      throw new CliUsageError(
        sub
          ? `Unknown subcommand "roster ${sub}".`
          : 'Expected "roster import FILE.csv" or "roster show EMAIL".',
      );
  }
}

function counts(s: RosterImportSummary): string {
  return `${s.added} added, ${s.updated} updated, ${s.deactivated} deactivated, ${s.unchanged} unchanged`;
}

/** Why `roster show` gives no status for someone who left the roster. */
export const NOT_ON_ROSTER_STATUS =
  'Not on the current roster, so no status: the latest HR roster import did not include this person.';

/** The stored record as a person reads it: every field, including those left empty. */
export function describePerson(person: Person): string {
  const p = person.profile;
  const yesNo = (b: boolean | undefined) => (b === undefined ? '(not given)' : b ? 'yes' : 'no');
  const text = (s: string | number | undefined) => (s === undefined ? '(not given)' : String(s));
  const rows: [string, string][] = [
    [
      'roster',
      person.active
        ? `on the current roster (last seen ${person.lastSeenInRoster ?? 'never'})`
        : `NOT on the current roster (last seen ${person.lastSeenInRoster ?? 'never'})`,
    ],
    ['role', p.role],
    ['paid', yesNo(p.paid)],
    ['study year', text(p.studyYear)],
    ['start date', text(p.startDate)],
    ['appointment end', text(p.appointmentEnd)],
    ['leave', text(p.leave)],
    ['graduating', yesNo(p.graduating)],
    ['area', text(p.area)],
    ['group', p.group ?? '(from role and area)'],
    ['department', text(p.department)],
    ['supervisor', yesNo(p.supervisor)],
    ['role start', p.roleStart ?? '(the start date)'],
    ['seasonal', yesNo(p.seasonal)],
    ['hours worked', text(p.hoursWorked)],
    ['time zone', text(p.timeZone)],
    [
      'completed',
      p.completed ? `module ${p.completed.module} on ${p.completed.on}` : 'no completion recorded',
    ],
    [
      'completions',
      p.completions?.length ? p.completions.map((c) => `${c.module} on ${c.on}`).join(', ') : 'none recorded',
    ],
    ['slack user', person.slackUserId ?? '(not linked yet)'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    `${p.name ?? '(no name)'} <${p.email}>`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
  ].join('\n');
}
