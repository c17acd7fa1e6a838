// Reads content/*.yml, validates each file with its zod schema and checks the references between them,
// collecting every problem with the file and line it comes from.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, Scalar } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { evaluateCondition, groupFacts } from './conditions.js';
import {
  factProblems,
  fillFacts,
  isKnownDay,
  knownDays,
  placeholdersForDay,
  statedDates,
  statedNumbers,
  statedOptionCounts,
} from './facts.js';
import { candidates, groupFor } from './group.js';
import { groupConditions, sampleProfiles } from './population.js';
import {
  CalibrationFile,
  CONDITION_KEYS,
  type Condition,
  ContactsFile,
  FaqFile,
  ModulesFile,
  PERSONAL_PLACEHOLDERS,
  PLACEHOLDER_TOKEN,
  POLICY_CONDITION_LISTS,
  POLICY_ONLY_KEYS,
  PolicyFile,
  type PolicyRule,
  REMINDER_PLACEHOLDERS,
  RemindersFile,
  ResourcesFile,
  ScheduleFile,
  SynonymsFile,
  type TrainingGroup,
} from './schemas.js';
import {
  type ContentIssue,
  displayPath,
  lineOf,
  type PathSegment,
  readSource,
  type SourceFile,
} from './source.js';
import {
  checkTraining,
  type Phrasing,
  parseTraining,
  readTrainingFiles,
  TRAINING_DIR,
  type TrainingLoad,
  type TrainingSource,
  trainingDigest,
} from './training.js';

/** The files that make up the content, each with its schema. */
export const CONTENT_FILES = {
  faq: { file: 'faq.yml', schema: FaqFile },
  schedule: { file: 'schedule.yml', schema: ScheduleFile },
  modules: { file: 'modules.yml', schema: ModulesFile },
  contacts: { file: 'contacts.yml', schema: ContactsFile },
  policy: { file: 'policy.yml', schema: PolicyFile },
  resources: { file: 'resources.yml', schema: ResourcesFile },
  synonyms: { file: 'synonyms.yml', schema: SynonymsFile },
  reminders: { file: 'reminders.yml', schema: RemindersFile },
} as const;

type Files = typeof CONTENT_FILES;

export { type ContentIssue, lineOf, type PathSegment, type SourceFile } from './source.js';

export type Content = { readonly [K in keyof Files]: z.infer<Files[K]['schema']> } & {
  /** The folder the content was read from. */
  readonly dir: string;
  /** How people ask, from content/training/*.yml: what the engine learns from. */
  readonly training: Training;
  /** The engine's cut-offs for this training data (calibration.yml), or null before `npm run calibrate`. */
  readonly calibration: CalibrationFile | null;
};

/** Written by `npm run calibrate -- --content DIR`; optional, so a new content folder can be calibrated. */
export const CALIBRATION_FILE = 'calibration.yml';

/**
 * The training phrasings, each with its label and writer, and the writers' files. Only training a model needs
 * them (and `content check`, which validates them): loadContent reads the files' bytes for their digest and
 * parses them on first use, so a process that finds its model cached, or trains none, never holds them.
 */
export interface Training {
  /** The writers' files as a hash of their names and bytes (trainingDigest): what a cached model is kept by. */
  readonly digest: string;
  /** Parsed on first use; throws a ContentError (file:line) for a broken file, as loading would have. */
  readonly files: readonly TrainingSource[];
  /** Parsed on first use, as `files`. */
  readonly phrasings: readonly Phrasing[];
}

export function formatIssue(issue: ContentIssue): string {
  const where = `${issue.file}:${issue.line}${issue.path ? ` ${issue.path}` : ''}`;
  return `${where}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}`;
}

/** The problems that stop the content from loading. */
export function errorsOf(issues: readonly ContentIssue[]): ContentIssue[] {
  return issues.filter((i) => i.severity !== 'warning');
}

export class ContentError extends AppError {
  static override readonly code = 'content_invalid';
  static override readonly expected = true;
  constructor(readonly issues: ContentIssue[]) {
    issues = errorsOf(issues);
    super(
      `The content has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`,
    );
    this.name = 'ContentError';
  }
}

export interface LoadResult {
  content: Content | null;
  issues: ContentIssue[];
  sources: Partial<Record<keyof Files, SourceFile>>;
}

/** Everything the loader found, without throwing: for `content check`. The training files are parsed too. */
export function inspectContent(dir: string): LoadResult {
  return inspect(dir, 'parse');
}

/**
 * `parse`: every training file is parsed and checked now. `defer`: only read for its digest (a folder or file
 * that cannot be read is still a problem now); parsed and checked where the phrasings are first used.
 */
type TrainingRead = 'parse' | 'defer';

function inspect(dir: string, trainingRead: TrainingRead): LoadResult {
  const issues: ContentIssue[] = [];
  const sources: LoadResult['sources'] = {};
  const parsed: Partial<Record<keyof Files, unknown>> = {};

  for (const key of Object.keys(CONTENT_FILES) as (keyof Files)[]) {
    const { file, schema } = CONTENT_FILES[key];
    const read = readSource(join(dir, file));
    if ('issues' in read) {
      issues.push(...read.issues);
      continue;
    }
    const { source } = read;
    const { doc } = source;
    sources[key] = source;
    const result = schema.safeParse(doc.toJS(), { reportInput: true });
    if (!result.success) {
      issues.push(...schemaIssues(source, result.error.issues));
      continue;
    }
    parsed[key] = result.data;
  }

  // The references between files are checked with whatever parsed, so one broken file hides nothing else.
  issues.push(...crossCheck(parsed as Parsed, sources, issues));
  const faqSource = sources.faq;
  const entries =
    parsed.faq && faqSource
      ? (parsed.faq as FaqFile).entries.map((e, i) => ({
          id: e.id,
          line: lineOf(faqSource, ['entries', i, 'id']),
        }))
      : null;
  const faqFile = faqSource?.file ?? '';
  const files = readTrainingFiles(dir);
  let training: Training | null = null;
  if (trainingRead === 'parse') {
    const read = parseTraining(files);
    issues.push(...read.issues);
    if (entries) issues.push(...checkTraining(read.phrasings, entries, faqFile));
    training = { digest: trainingDigest(files), files: read.files, phrasings: read.phrasings };
  } else {
    issues.push(...files.issues);
    if (entries) training = deferredTraining(dir, trainingDigest(files), entries, faqFile);
  }
  const calibration = readCalibration(dir, issues);
  const complete = (Object.keys(CONTENT_FILES) as (keyof Files)[]).every((k) => parsed[k] !== undefined);
  if (!complete || !training || errorsOf(issues).length > 0) return { content: null, issues, sources };
  const content = withFacts({
    ...(parsed as Omit<Content, 'dir' | 'training' | 'calibration'>),
    dir,
    training,
    calibration,
  });
  return { content, issues, sources };
}

/**
 * The training as loadContent gives it: the digest now, the phrasings parsed and checked (as `content check`
 * checks them) when first used. They are held only while something uses them: a process that trained its model
 * at start-up does not keep 17,000 phrasings for the rest of its life. Read again later, the files must still
 * be the ones the digest was taken of, or a model would be kept under the wrong key.
 */
function deferredTraining(
  dir: string,
  digest: string,
  entries: readonly { id: string; line: number }[],
  faqFile: string,
): Training {
  let kept: WeakRef<TrainingLoad> | undefined;
  const parsed = (): TrainingLoad => {
    const known = kept?.deref();
    if (known) return known;
    const files = readTrainingFiles(dir);
    if (trainingDigest(files) !== digest)
      throw new ContentError([
        {
          file: displayPath(join(dir, TRAINING_DIR)),
          line: 1,
          path: '',
          message: 'the training files changed after the content was loaded: load it again (restart)',
        },
      ]);
    const read = parseTraining(files);
    const issues = [...read.issues, ...checkTraining(read.phrasings, entries, faqFile)];
    if (errorsOf(issues).length > 0) throw new ContentError(issues);
    kept = new WeakRef(read);
    return read;
  };
  return {
    digest,
    get files() {
      return parsed().files;
    },
    get phrasings() {
      return parsed().phrasings;
    },
  };
}

/** calibration.yml, validated; null when there is none yet (its problems go to `issues`). */
function readCalibration(dir: string, issues: ContentIssue[]): CalibrationFile | null {
  const path = join(dir, CALIBRATION_FILE);
  if (!existsSync(path)) return null;
  const read = readSource(path);
  if ('issues' in read) {
    issues.push(...read.issues);
    return null;
  }
  const result = CalibrationFile.safeParse(read.source.doc.toJS(), { reportInput: true });
  if (result.success) return result.data;
  issues.push(...schemaIssues(read.source, result.error.issues));
  return null;
}

/** A file's schema errors, each with its line and path. */
function schemaIssues(source: SourceFile, errors: z.ZodError['issues']): ContentIssue[] {
  return errors.map((issue) => {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    return {
      file: source.file,
      line: lineOf(source, path),
      path: path.join('.'),
      // A key left out reads better as missing than as zod's "Invalid input".
      message:
        issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')
          ? 'missing: it is required'
          : `${issue.message}${describeInput(issue.input)}`,
    };
  });
}

/** The FAQ answers and policy texts with their schedule and module placeholders filled in. */
function withFacts(content: Content): Content {
  const fill = (text: string) => fillFacts(text, content);
  const rules = (list: readonly PolicyRule[]) =>
    list.map((r) => ({
      ...r,
      reason: fill(r.reason),
      ...(r.unless !== undefined ? { unless: fill(r.unless) } : {}),
    }));
  const { policy } = content;
  return {
    ...content,
    faq: { ...content.faq, entries: content.faq.entries.map((e) => ({ ...e, answer: fill(e.answer) })) },
    policy: {
      ...policy,
      required: rules(policy.required),
      exempt: rules(policy.exempt),
      supplemental: rules(policy.supplemental),
      stillRequired: rules(policy.stillRequired),
      recommendations: policy.recommendations.map((r) => ({ ...r, text: fill(r.text) })),
    },
  };
}

/**
 * Loads and validates the content, or throws a ContentError listing every problem. The training files are
 * read for their digest only; their phrasings are parsed and checked where they are first used (Training).
 */
export function loadContent(dir: string): Content {
  const { content, issues } = inspect(dir, 'defer');
  if (!content) throw new ContentError(errorsOf(issues));
  return content;
}

/** ` (got "x")` for a scalar value, so the message quotes what was written. */
function describeInput(input: unknown): string {
  if (input === undefined || (typeof input === 'object' && input !== null)) return '';
  return ` (got ${JSON.stringify(input)})`;
}

// ---------------------------------------------------------------- references between files

type Sources = Partial<Record<keyof Files, SourceFile>>;
type Parsed = Partial<Omit<Content, 'dir' | 'training' | 'calibration'>>;

/**
 * The references between files, and what a file cannot say about itself. Each check runs when the files it
 * reads parsed; ids in a file that failed its schema are read from the raw YAML, so a reference to them is
 * still checked.
 */
function crossCheck(content: Parsed, sources: Sources, earlier: readonly ContentIssue[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const at = (key: keyof Files, path: PathSegment[], message: string, line?: number) => {
    const source = sources[key];
    if (!source) return;
    issues.push({ file: source.file, line: line ?? lineOf(source, path), path: path.join('.'), message });
  };
  const warn = (key: keyof Files, path: PathSegment[], message: string) => {
    const source = sources[key];
    if (!source) return;
    issues.push({
      file: source.file,
      line: lineOf(source, path),
      path: path.join('.'),
      message,
      severity: 'warning',
    });
  };
  // A file with schema errors is not checked again here: its own problems are already listed.
  const failed = new Set(earlier.map((i) => i.file));
  const rawIds = (key: keyof Files, list: string): Set<string> => {
    const raw = sources[key]?.doc.toJS() as Record<string, unknown> | null | undefined;
    const items = raw && Array.isArray(raw[list]) ? (raw[list] as unknown[]) : [];
    return new Set(
      items.flatMap((item) =>
        item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
          ? [(item as { id: string }).id]
          : [],
      ),
    );
  };
  const ids = <T extends { id: string }>(key: keyof Files, list: string, items: readonly T[] | undefined) =>
    items ? uniqueIds(items, (path, id) => at(key, path, `duplicate id "${id}"`), [list]) : rawIds(key, list);

  const faqIds = ids('faq', 'entries', content.faq?.entries);
  const contactIds = ids('contacts', 'contacts', content.contacts?.contacts);
  const groupIds = ids('schedule', 'groups', content.schedule?.groups);
  const moduleIds = ids('modules', 'modules', content.modules?.modules);
  if (content.resources) ids('resources', 'resources', content.resources.resources);

  const refs = (
    key: keyof Files,
    path: PathSegment[],
    list: readonly string[],
    known: Set<string>,
    kind: string,
  ) => {
    list.forEach((id, i) => {
      if (!known.has(id)) at(key, [...path, i], unknownRef(kind, id, known));
    });
  };
  const ref = (
    key: keyof Files,
    path: PathSegment[],
    id: string | undefined,
    known: Set<string>,
    kind: string,
  ) => {
    if (id !== undefined && !known.has(id)) at(key, path, unknownRef(kind, id, known));
  };
  const { schedule, modules, policy } = content;
  const facts = schedule && modules && policy ? { schedule, modules, policy } : null;
  const declaredRoles = policy?.roles.map((r) => r.id);

  /** Placeholders, hand-written dates and option counts in a text of `key` at `path`. */
  const checkText = (key: keyof Files, path: PathSegment[], text: string) => {
    if (!facts) return;
    const source = sources[key];
    if (!source) return;
    const lineAt = (index: number) => placeholderLine(source, path, text, index);
    for (const problem of factProblems(text, facts)) at(key, path, problem.message, lineAt(problem.index));
    const known = knownDays(facts);
    for (const date of statedDates(text)) {
      if (isKnownDay(date, known)) {
        // Written by hand it would not follow a change of the schedule: the placeholder does.
        at(
          key,
          path,
          `restates the date "${date.text}", which the content already holds: write ${placeholdersForDay(date, facts).join(' or ')} instead`,
          lineAt(date.index),
        );
        continue;
      }
      at(
        key,
        path,
        `states the date "${date.text}", which is no window's start or deadline in schedule.yml (${windowsInWords(facts.schedule.groups)}) nor the onboarding cutoff (${facts.policy.onboardingCutoff}): write it as {{windowStart:GROUP}} or {{deadline:GROUP}}, or correct it`,
        lineAt(date.index),
      );
    }
    const count = facts.modules.modules.length;
    // Any number equal to a count modules.yml holds restates it, whatever words surround it ("all five.").
    const counts = new Map([
      [facts.modules.required, '{{requiredCount}}'],
      [count, '{{moduleCount}}'],
    ]);
    for (const stated of statedNumbers(text)) {
      const placeholder = counts.get(stated.count);
      if (placeholder === undefined) continue;
      at(
        key,
        path,
        `says "${stated.text}", a count modules.yml holds (${count} modules, ${facts.modules.required} required): write ${placeholder} instead`,
        lineAt(stated.index),
      );
    }
    for (const stated of statedOptionCounts(text)) {
      if (stated.count === count || stated.count === facts.modules.required) continue;
      at(
        key,
        path,
        `says "${stated.text}", but modules.yml lists ${count}: write {{moduleCount}} or correct it`,
        lineAt(stated.index),
      );
    }
  };

  // faq.yml
  if (content.faq && !failed.has(sources.faq?.file ?? '')) {
    content.faq.entries.forEach((entry, i) => {
      const base: PathSegment[] = ['entries', i];
      refs('faq', [...base, 'contacts'], entry.contacts, contactIds, 'contact');
      refs('faq', [...base, 'modules'], entry.modules, moduleIds, 'module');
      refs('faq', [...base, 'related'], entry.related, faqIds, 'FAQ entry');
      if (entry.related.includes(entry.id))
        at('faq', [...base, 'related'], 'an entry cannot be related to itself');
      for (const match of entry.answer.matchAll(CONTACT_TOKEN)) {
        const id = match[1] ?? '';
        if (!contactIds.has(id))
          at('faq', [...base, 'answer'], `${unknownRef('contact', id, contactIds)} in {{contact:${id}}}`);
      }
      checkText('faq', [...base, 'answer'], entry.answer);
    });
  }

  // schedule.yml
  if (schedule) {
    ref('schedule', ['cycle', 'faq'], schedule.cycle.faq, faqIds, 'FAQ entry');
    schedule.groups.forEach((group, i) => {
      if (group.window.end < group.window.start) {
        at(
          'schedule',
          ['groups', i, 'window', 'end'],
          `window ends (${group.window.end}) before it starts (${group.window.start})`,
        );
      }
      const lists = [
        ['members', group.members === 'roster' ? [] : group.members],
        ['except', group.except ?? []],
      ] as const;
      for (const [field, conditions] of lists) {
        conditions.forEach((condition, j) => {
          for (const key of policyOnlyKeys(condition)) {
            at(
              'schedule',
              ['groups', i, field, j],
              `"${key}" cannot decide a training group (it depends on the group or the policy); group conditions may use ${CONDITION_KEYS.filter((k) => !(POLICY_ONLY_KEYS as readonly string[]).includes(k)).join(', ')}`,
            );
          }
        });
      }
    });
    if (!errorsOf(issues).some((i) => i.file === sources.schedule?.file)) {
      const scheduleSource = sources.schedule;
      for (const { groups: both, example } of ambiguousGroups(schedule, declaredRoles)) {
        // Reported at the later group; the message names each group's matching condition, file:line.
        const [later] = both.toSorted((a, b) => b.index - a.index);
        if (!later || !scheduleSource) continue;
        const where = (g: AmbiguousMember) =>
          `"${g.id}" (${scheduleSource.file}:${lineOf(scheduleSource, ['groups', g.index, 'members', g.condition])})`;
        at(
          'schedule',
          ['groups', later.index, 'members', later.condition],
          `groups ${both.map(where).join(' and ')} can both match one person (${example}) and neither names more than the other: add an "except" to one, or a condition that makes one more specific`,
        );
      }
      for (const { index, group, takenBy } of unreachableGroups(schedule, declaredRoles)) {
        warn(
          'schedule',
          ['groups', index, 'members'],
          `no one can reach group "${group}": everyone its members match belongs to a more specific group (${takenBy.join(', ')}) or is excepted; narrow that group, or write "members: roster"`,
        );
      }
    }
  }

  // modules.yml
  if (modules) {
    ref('modules', ['course', 'faq'], modules.course.faq, faqIds, 'FAQ entry');
    if (modules.required > modules.modules.length) {
      at('modules', ['required'], `requires ${modules.required} of only ${modules.modules.length} modules`);
    }
  }

  // contacts.yml
  if (content.contacts) {
    ref('contacts', ['general'], content.contacts.general, contactIds, 'contact');
    content.contacts.contacts.forEach((contact, i) => {
      refs('contacts', ['contacts', i, 'faq'], contact.faq, faqIds, 'FAQ entry');
    });
  }

  // policy.yml
  if (policy) {
    for (const list of ['required', 'exempt', 'supplemental', 'stillRequired'] as const) {
      policy[list].forEach((rule, i) => {
        ref('policy', [list, i, 'faq'], rule.faq, faqIds, 'FAQ entry');
        refs('policy', [list, i, 'contacts'], rule.contacts, contactIds, 'contact');
        checkGroupRefs(rule.when, [list, i, 'when']);
        checkText('policy', [list, i, 'reason'], rule.reason);
        if (rule.unless !== undefined) checkText('policy', [list, i, 'unless'], rule.unless);
      });
    }
    uniqueIds(
      [...policy.required, ...policy.exempt, ...policy.supplemental, ...policy.stillRequired],
      (_path, id) => at('policy', [], `duplicate rule id "${id}"`),
      [],
    );
    policy.requirements.forEach((req, i) => {
      ref('policy', ['requirements', i, 'faq'], req.faq, faqIds, 'FAQ entry');
      refs('policy', ['requirements', i, 'modules'], req.modules, moduleIds, 'module');
      checkGroupRefs(req.when, ['requirements', i, 'when']);
      checkText('policy', ['requirements', i, 'reason'], req.reason);
    });
    policy.deadlines.forEach((rule, i) => {
      ref('policy', ['deadlines', i, 'faq'], rule.faq, faqIds, 'FAQ entry');
      checkGroupRefs(rule.when, ['deadlines', i, 'when']);
      checkText('policy', ['deadlines', i, 'reason'], rule.reason);
      if (rule.after === 'lastCompletion' && rule.within.hours !== undefined)
        at(
          'policy',
          ['deadlines', i, 'within', 'hours'],
          'a refresher counts from the last completion: "hours" worked cannot apply to it',
        );
    });
    uniqueIds(policy.requirements, (path, id) => at('policy', path, `duplicate id "${id}"`), [
      'requirements',
    ]);
    uniqueIds(policy.deadlines, (path, id) => at('policy', path, `duplicate id "${id}"`), ['deadlines']);
    uniqueIds(policy.areas, (path, id) => at('policy', path, `duplicate id "${id}"`), ['areas']);
    if (schedule && schedule.groups.length === 0 && policy.deadlines.length === 0)
      at(
        'policy',
        [],
        'no deadline can be worked out: give schedule.yml "groups" (fixed windows) or policy.yml "deadlines" (relative to the person)',
      );
    if (policy.requirements.length > 0 && policy.deadlines.length === 0 && schedule?.groups.length === 0)
      at('policy', ['requirements'], 'requirements need deadlines: add policy.yml "deadlines"');
    policy.recommendations.forEach((rec, i) => {
      ref('policy', ['recommendations', i, 'faq'], rec.faq, faqIds, 'FAQ entry');
      refs('policy', ['recommendations', i, 'modules'], rec.modules, moduleIds, 'module');
      refs('policy', ['recommendations', i, 'contacts'], rec.contacts, contactIds, 'contact');
      checkGroupRefs(rec.when, ['recommendations', i, 'when']);
      checkText('policy', ['recommendations', i, 'text'], rec.text);
    });
  }
  // Every role, area and leave a condition names is one policy.yml declares (`roles`, `areas`, `leaves`), so a
  // typo is not a silent "no".
  const areaIds = new Set((policy?.areas ?? []).map((a) => a.id));
  const roleIds = new Set((policy?.roles ?? []).map((r) => r.id));
  const leaveIds = new Set((policy?.leaves ?? []).map((l) => l.id));
  const checkNames = (key: keyof Files, when: Condition, path: PathSegment[]) => {
    if (!policy) return;
    const named = [
      ['area', when.area, areaIds, 'areas'],
      ['role', when.role, roleIds, 'roles'],
      ['leave', when.leave, leaveIds, 'leaves'],
    ] as const;
    for (const [field, value, known, list] of named) {
      if (value === undefined) continue;
      [value].flat().forEach((id, k) => {
        if (!known.has(id))
          at(
            key,
            Array.isArray(value) ? [...path, field, k] : [...path, field],
            `${unknownRef(field, id, known)}: ${list === 'areas' ? 'list' : 'declare'} it in policy.yml "${list}"`,
          );
      });
    }
    (when.anyOf ?? []).forEach((inner, k) => {
      checkNames(key, inner, [...path, 'anyOf', k]);
    });
    if (when.not) checkNames(key, when.not, [...path, 'not']);
  };
  if (policy) {
    for (const list of POLICY_CONDITION_LISTS)
      policy[list].forEach((rule, i) => {
        checkNames('policy', rule.when, [list, i, 'when']);
      });
    uniqueIds(policy.roles, (path, id) => at('policy', path, `duplicate id "${id}"`), ['roles']);
    uniqueIds(policy.leaves, (path, id) => at('policy', path, `duplicate id "${id}"`), ['leaves']);
    policy.areas.forEach((area, i) => {
      if (area.role !== undefined && !roleIds.has(area.role))
        at(
          'policy',
          ['areas', i, 'role'],
          `${unknownRef('role', area.role, roleIds)}: declare it in policy.yml "roles"`,
        );
    });
    const studying = policy.roles.flatMap((r, i) => (r.yearOfStudyWith === undefined ? [] : [i]));
    for (const i of studying.slice(1))
      at(
        'policy',
        ['roles', i, 'yearOfStudyWith'],
        `only one role can be read from a year of study, and "${policy.roles[studying[0] ?? 0]?.id}" already is`,
      );
  }
  if (schedule && !failed.has(sources.schedule?.file ?? ''))
    schedule.groups.forEach((group, i) => {
      if (group.members !== 'roster')
        group.members.forEach((c, j) => {
          checkNames('schedule', c, ['groups', i, 'members', j]);
        });
      (group.except ?? []).forEach((c, j) => {
        checkNames('schedule', c, ['groups', i, 'except', j]);
      });
    });
  function checkGroupRefs(when: Condition, path: PathSegment[]): void {
    if (when.group !== undefined) {
      const list = [when.group].flat();
      list.forEach((id, k) => {
        if (!groupIds.has(id))
          at(
            'policy',
            Array.isArray(when.group) ? [...path, 'group', k] : [...path, 'group'],
            unknownRef('training group', id, groupIds),
          );
      });
    }
    (when.anyOf ?? []).forEach((inner, k) => {
      checkGroupRefs(inner, [...path, 'anyOf', k]);
    });
    if (when.not) checkGroupRefs(when.not, [...path, 'not']);
  }

  // resources.yml
  if (content.resources) {
    refs('resources', ['broughtToYou', 'faq'], content.resources.broughtToYou.faq, faqIds, 'FAQ entry');
    content.resources.resources.forEach((resource, i) => {
      ref('resources', ['resources', i, 'contact'], resource.contact, contactIds, 'contact');
      refs('resources', ['resources', i, 'faq'], resource.faq, faqIds, 'FAQ entry');
    });
  }

  // synonyms.yml: a term in two groups would be read as two different things.
  if (content.synonyms) {
    const groupOfTerm = new Map<string, number>();
    content.synonyms.groups.forEach((group, i) => {
      group.forEach((term, j) => {
        const other = groupOfTerm.get(term);
        if (other !== undefined) at('synonyms', ['groups', i, j], `term "${term}" is also in group ${other}`);
        else groupOfTerm.set(term, i);
      });
    });
  }

  if (content.reminders && sources.reminders) {
    issues.push(...checkReminders(content.reminders, sources.reminders, contactIds, groupIds));
    // A deadline "within N days or H hours worked" gives reminders its day part as their date: a reminder that
    // does not say the hours ({{hours}}) would tell someone whose hours are reached that days are left.
    const byHours = policy?.deadlines.find((d) => d.within.hours !== undefined);
    if (byHours)
      content.reminders.templates.forEach((template, i) => {
        if (template.kind !== 'reminder' || /\{\{\s*hours\s*\}\}/.test(template.text)) return;
        at(
          'reminders',
          ['templates', i, 'text'],
          `policy.yml deadline "${byHours.id}" is also reached by hours worked, and reminders go by its date: add {{hours}}, which says the hours part to the people it applies to (and nothing to others)`,
        );
      });
    content.reminders.schedule.reminders.forEach((reminder, i) => {
      const own = 'daysBeforeOwnDeadline' in reminder.when || 'ownDeadlineOverdue' in reminder.when;
      if (own && policy && policy.deadlines.length === 0)
        at(
          'reminders',
          ['schedule', 'reminders', i, 'when'],
          'a reminder by personal deadline needs policy.yml "deadlines" (relative to the person); for the fixed windows use daysBeforeDeadline or overdueEveryDays',
        );
      if (own && reminder.groups !== undefined)
        at(
          'reminders',
          ['schedule', 'reminders', i, 'groups'],
          'a reminder by personal deadline goes to everyone whose own deadline it is: leave out "groups"',
        );
      if (!own && schedule && schedule.groups.length === 0)
        at(
          'reminders',
          ['schedule', 'reminders', i, 'when'],
          'schedule.yml has no groups, so this reminder by group window would never go out: use daysBeforeOwnDeadline or ownDeadlineOverdue',
        );
    });
  }
  return issues;
}

/** `unknown contact "x" (known: a, b, c)`: the message names what may be written instead. */
function unknownRef(kind: string, id: string, known: Set<string>): string {
  const list = [...known];
  const shown = list.length > 12 ? `${list.slice(0, 12).join(', ')}, …` : list.join(', ');
  return `unknown ${kind} "${id}"${list.length > 0 ? ` (known: ${shown})` : ''}`;
}

function windowsInWords(groups: readonly TrainingGroup[]): string {
  return groups.map((g) => `${g.id} ${g.window.start}..${g.window.end}`).join(', ');
}

function policyOnlyKeys(condition: Condition): string[] {
  const own = (POLICY_ONLY_KEYS as readonly string[]).filter(
    (k) => condition[k as keyof Condition] !== undefined,
  );
  return [
    ...own,
    ...(condition.anyOf ?? []).flatMap(policyOnlyKeys),
    ...(condition.not ? policyOnlyKeys(condition.not) : []),
  ];
}

/**
 * Groups no profile reaches through its conditions: every combination of the values the groups' conditions
 * name is tried, and a group none of them lands in (roster-only groups aside) is reported with the more
 * specific groups that took its members.
 */
function unreachableGroups(
  schedule: Pick<ScheduleFile, 'groups'>,
  roles: readonly string[] | undefined,
): { index: number; group: string; takenBy: string[] }[] {
  const conditions = groupConditions(schedule);
  const reached = new Map<string, Set<string>>();
  for (const profile of sampleProfiles(conditions, {}, roles)) {
    const group = groupFor(profile, { schedule })?.id;
    if (group === undefined) continue;
    for (const g of schedule.groups) {
      if (g.members === 'roster') continue;
      const matches = g.members.some((m) => evaluateCondition(m, groupFacts(profile)).value === true);
      if (matches) reached.set(g.id, (reached.get(g.id) ?? new Set()).add(group));
    }
  }
  return schedule.groups.flatMap((g, index) => {
    if (g.members === 'roster') return [];
    const landed = reached.get(g.id);
    if (landed?.has(g.id)) return [];
    return [{ index, group: g.id, takenBy: [...(landed ?? [])].filter((id) => id !== g.id) }];
  });
}

/** A group of an ambiguous pair: its place in schedule.yml and the condition that matched. */
interface AmbiguousMember {
  id: string;
  index: number;
  condition: number;
}

/**
 * Pairs of groups one person can match with neither more specific than the other (the order of schedule.yml
 * does not decide): each pair once, in file order, with the condition of each that matched and a person who
 * matches both.
 */
function ambiguousGroups(
  schedule: Pick<ScheduleFile, 'groups'>,
  roles: readonly string[] | undefined,
): { groups: AmbiguousMember[]; example: string }[] {
  const seen = new Map<string, { groups: AmbiguousMember[]; example: string }>();
  for (const profile of sampleProfiles(groupConditions(schedule), {}, roles)) {
    const { best } = candidates(profile, schedule.groups);
    if (best.length < 2) continue;
    const key = best.map((c) => c.group.id).join('\u0000');
    if (seen.has(key)) continue;
    const groups = best.map((c) => ({
      id: c.group.id,
      index: schedule.groups.indexOf(c.group),
      condition: c.condition,
    }));
    const example = Object.entries(profile)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
    seen.set(key, { groups, example });
  }
  return [...seen.values()];
}

/** `{{contact:ID}}` in an answer: replaced by the contact when rendered. */
export const CONTACT_TOKEN = /\{\{contact:([^}]*)\}\}/g;

function uniqueIds<T extends { id: string }>(
  items: readonly T[],
  onDuplicate: (path: PathSegment[], id: string) => void,
  base: PathSegment[],
): Set<string> {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    if (ids.has(item.id)) onDuplicate([...base, i, 'id'], item.id);
    ids.add(item.id);
  });
  return ids;
}

/**
 * reminders.yml: unknown placeholders (at the line they are on), personal ones in an announcement, and the
 * templates, contacts and groups it names.
 */
function checkReminders(
  reminders: Content['reminders'],
  source: SourceFile,
  contactIds: Set<string>,
  groupIds: Set<string>,
): ContentIssue[] {
  const content = { reminders };
  const issues: ContentIssue[] = [];
  const at = (path: PathSegment[], message: string, line = lineOf(source, path)) =>
    issues.push({ file: source.file, line, path: path.join('.'), message });
  const known = new Set<string>(REMINDER_PLACEHOLDERS);
  const templateIds = uniqueIds(content.reminders.templates, (path, id) => at(path, `duplicate id "${id}"`), [
    'templates',
  ]);
  content.reminders.templates.forEach((template, i) => {
    const path = ['templates', i, 'text'];
    for (const match of template.text.matchAll(PLACEHOLDER_TOKEN)) {
      const name = match[1] ?? '';
      const line = placeholderLine(source, path, template.text, match.index);
      if (!known.has(name)) {
        at(path, `unknown placeholder {{${name}}} (known: ${REMINDER_PLACEHOLDERS.join(', ')})`, line);
      } else if (template.kind === 'announcement' && PERSONAL_PLACEHOLDERS.includes(name as never)) {
        at(
          path,
          `an announcement goes to a channel and cannot use the personal placeholder {{${name}}}`,
          line,
        );
      }
    }
    if (template.contact !== undefined && !contactIds.has(template.contact))
      at(['templates', i, 'contact'], unknownRef('contact', template.contact, contactIds));
  });
  uniqueIds(content.reminders.schedule.reminders, (path, id) => at(path, `duplicate id "${id}"`), [
    'schedule',
    'reminders',
  ]);
  content.reminders.schedule.reminders.forEach((reminder, i) => {
    const base = ['schedule', 'reminders', i];
    const template = content.reminders.templates.find((t) => t.id === reminder.template);
    if (!templateIds.has(reminder.template))
      at([...base, 'template'], `unknown template "${reminder.template}"`);
    else if (template?.kind === 'announcement')
      at([...base, 'template'], `template "${reminder.template}" is an announcement, not a reminder`);
    (reminder.groups ?? []).forEach((id, j) => {
      if (!groupIds.has(id)) at([...base, 'groups', j], unknownRef('training group', id, groupIds));
    });
  });
  return issues;
}

/** The line a placeholder is on: inside a `|` block each line of the value is a line of the file. */
function placeholderLine(source: SourceFile, path: PathSegment[], value: string, index: number): number {
  const node = source.doc.getIn(path, true);
  const line = lineOf(source, path);
  if (!isScalar(node) || node.type !== Scalar.BLOCK_LITERAL) return line;
  return line + 1 + (value.slice(0, index).match(/\n/g)?.length ?? 0);
}
