// `cli status --profile FILE.json [--on DATE] [--json] [--content DIR]`: "do I need to take it?" for one person.
// `--on 2021-02-10` is noon of that day in the cycle's time zone; `--on 2021-02-17T23:59` is that wall-clock
// time there; a date-time with `Z` or an offset is that exact instant (see parseMoment).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { type Content, lineOf, loadContent } from '../content/load.js';
import { namesProblems, Profile } from '../content/profile.js';
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

    const loaded = readProfile(values.profile, io, content);
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

/**
 * Every problem as `FILE:LINE field: message (got "value")`, the file named as the person typed it: the
 * schema's, and a role, area or leave the content does not declare (policy.yml `roles`, `areas`, `leaves`).
 */
export function readProfile(file: string, io: CliIo, content: Pick<Content, 'policy'>): ProfileRead {
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
  // JSON is YAML: parsed once more with a line counter, so each problem names its line.
  const lines = new LineCounter();
  const source = { file, doc: parseDocument(text, { lineCounter: lines }), lines };
  const at = (path: readonly (string | number)[]) => `${file}:${lineOf(source, path)}`;
  const result = Profile.safeParse(data, { reportInput: true });
  const raw = (data ?? {}) as Record<string, unknown>;
  const named = {
    ...(typeof raw['role'] === 'string' ? { role: raw['role'] } : {}),
    ...(typeof raw['area'] === 'string' ? { area: raw['area'] } : {}),
    ...(typeof raw['leave'] === 'string' ? { leave: raw['leave'] } : {}),
  };
  const problems = [
    ...namesProblems(named, content.policy).map(
      (p) => `${at([p.path])} ${p.path}: ${p.message}${got(named[p.path])}`,
    ),
    ...(result.success ? [] : result.error.issues).flatMap((issue) => {
      const segments = issue.path.filter((p) => typeof p !== 'symbol');
      const path = segments.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map(
          (key) => `${at([...segments, key])} ${path ? `${path}.` : ''}${key}: not a profile field`,
        );
      }
      return [`${at(segments)} ${path || '(profile)'}: ${issue.message}${got(issue.input)}`];
    }),
  ];
  if (result.success && problems.length === 0) return { ok: true, profile: result.data };
  return { ok: false, problems };
}

function got(input: unknown): string {
  if (input === undefined || (typeof input === 'object' && input !== null)) return '';
  return ` (got ${JSON.stringify(input)})`;
}
