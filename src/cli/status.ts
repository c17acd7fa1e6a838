// `cli status --profile FILE.json [--on DATE] [--json] [--content DIR]`: "do I need to take it?" for one person.
// `--on 2021-02-10` is noon of that day in the cycle's time zone; `--on 2021-02-17T23:59` is that wall-clock
// time there; a date-time with `Z` or an offset is that exact instant (see parseMoment).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadContent } from '../content/load.js';
import { Profile } from '../content/profile.js';
import { messageOf } from '../errors.js';
import {
  evaluateStatus,
  InvalidMomentError,
  type PersonalStatus,
  parseMoment,
  renderStatusText,
} from '../rules/index.js';
import { type CliIo, CliUsageError, contentDir, parseCliArgs } from './io.js';

export interface StatusCommandDeps {
  /** The real clock by default; used only when `--on` is not given. */
  now: () => Date;
}

export function createStatusCommand(deps: StatusCommandDeps) {
  return async function run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, {
      profile: { type: 'string' },
      on: { type: 'string' },
      json: { type: 'boolean' },
      content: { type: 'string' },
    });
    if (positionals.length > 0)
      throw new CliUsageError(`Unexpected argument ${JSON.stringify(positionals[0])}.`);
    if (values.profile === undefined) throw new CliUsageError('--profile FILE.json is required.');

    const content = loadContent(contentDir(values.content, io));
    let now: Date;
    try {
      now = values.on === undefined ? deps.now() : parseMoment(values.on, content.schedule.cycle.timeZone);
    } catch (error) {
      if (error instanceof InvalidMomentError) throw new CliUsageError(`--on: ${error.message}.`);
      throw error;
    }

    const loaded = readProfile(values.profile, io);
    if (!loaded.ok) {
      for (const line of loaded.problems) io.err(line);
      return 1;
    }
    const status = evaluateStatus(loaded.profile, content, now);
    io.out(values.json ? JSON.stringify(statusJson(status), null, 2) : renderStatusText(status, content));
    return 0;
  };
}

export const run = createStatusCommand({ now: () => new Date() });

/** The fields scripts read first, in this order; every other field of the status follows. */
const STABLE_KEYS = [
  'required',
  'state',
  'reasons',
  'group',
  'window',
  'deadline',
  'daysLeft',
  'missing',
  'modules',
  'contacts',
] as const satisfies readonly (keyof PersonalStatus)[];

/** Everything the status says, as JSON: every field of the rules' answer, so none can be left out. */
export function statusJson(status: PersonalStatus): PersonalStatus {
  return { ...Object.fromEntries(STABLE_KEYS.map((key) => [key, status[key]])), ...status } as PersonalStatus;
}

type ProfileRead = { ok: true; profile: Profile } | { ok: false; problems: string[] };

/** Every problem as `FILE: field: message (got "value")`, the file named as the person typed it. */
export function readProfile(file: string, io: CliIo): ProfileRead {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return { ok: false, problems: [`${file}: cannot read the file (${code})`] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [`${file}: not valid JSON (${messageOf(error)})`],
    };
  }
  const result = Profile.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, profile: result.data };
  const problems = result.error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${file}: ${path ? `${path}.` : ''}${key}: not a profile field`);
    }
    return [`${file}: ${path || '(profile)'}: ${issue.message}${got(issue.input)}`];
  });
  return { ok: false, problems };
}

function got(input: unknown): string {
  if (input === undefined || (typeof input === 'object' && input !== null)) return '';
  return ` (got ${JSON.stringify(input)})`;
}
