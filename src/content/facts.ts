// Schedule and module facts as placeholders in FAQ answers and policy texts (`{{window:all-staff}}`,
// `{{moduleCount}}`, `{{schedule}}`), filled in from schedule.yml and modules.yml when the content is loaded, so
// an answer cannot drift from the schedule; and the dates and option counts an answer states by hand, for the
// content check to compare with the schedule.
import { format } from 'date-fns/format';
import { localDay, MONTHS } from './dates.js';
import type { ModulesFile, PolicyFile, ScheduleFile, TrainingGroup } from './schemas.js';
import { cycleLabel } from './schemas.js';

/** What the placeholders read. */
export interface FactSource {
  schedule: ScheduleFile;
  modules: ModulesFile;
  policy: Pick<PolicyFile, 'onboardingCutoff'>;
}

/** Placeholders that take a training group id after a colon. */
export const GROUP_FACTS = ['window', 'windowStart', 'deadline', 'group'] as const;
/** Placeholders that stand alone. */
export const PLAIN_FACTS = [
  'schedule',
  'cycle',
  'moduleCount',
  'requiredCount',
  'course',
  'timeZone',
  'onboardingCutoff',
] as const;

/** `{{name}}` or `{{name:argument}}`; `{{contact:ID}}` is left for the renderer. */
const FACT_TOKEN = /\{\{\s*([A-Za-z]+)(?::([^}]*?))?\s*\}\}/g;

export interface FactProblem {
  /** Where in the text (character index). */
  index: number;
  message: string;
}

/** The problems with the placeholders of `text`: unknown names, unknown groups. */
export function factProblems(text: string, source: FactSource): FactProblem[] {
  const problems: FactProblem[] = [];
  for (const match of text.matchAll(FACT_TOKEN)) {
    const [token, name = '', arg] = match;
    if (name === 'contact') continue;
    if ((GROUP_FACTS as readonly string[]).includes(name)) {
      if (!source.schedule.groups.some((g) => g.id === arg)) {
        problems.push({
          index: match.index,
          message: `${token}: unknown training group "${arg ?? ''}" (groups: ${source.schedule.groups.map((g) => g.id).join(', ')})`,
        });
      }
    } else if (!(PLAIN_FACTS as readonly string[]).includes(name) || arg !== undefined) {
      problems.push({
        index: match.index,
        message: `unknown placeholder ${token} (known: ${[...GROUP_FACTS.map((f) => `{{${f}:GROUP}}`), ...PLAIN_FACTS.map((f) => `{{${f}}}`), '{{contact:ID}}'].join(', ')})`,
      });
    }
  }
  return problems;
}

/** `text` with every schedule and module placeholder filled in (checked first by `factProblems`). */
export function fillFacts(text: string, source: FactSource): string {
  const years = spansYears(source.schedule);
  return text.replace(FACT_TOKEN, (token, name: string, arg: string | undefined) => {
    const group = source.schedule.groups.find((g) => g.id === arg);
    switch (name) {
      case 'window':
        return group ? dayRange(group.window.start, group.window.end, years) : token;
      case 'windowStart':
        return group ? day(group.window.start, years) : token;
      case 'deadline':
        return group ? day(group.window.end, years) : token;
      case 'group':
        return group ? group.name : token;
      case 'schedule':
        return scheduleLines(source.schedule);
      case 'cycle':
        return cycleLabel(source.schedule);
      case 'moduleCount':
        return numberWord(source.modules.modules.length);
      case 'requiredCount':
        return numberWord(source.modules.required);
      case 'course':
        return source.modules.course.name;
      case 'timeZone':
        return source.schedule.cycle.timeZone;
      case 'onboardingCutoff':
        // Without a cutoff in policy.yml the placeholder stays as written: the content check names it.
        return source.policy.onboardingCutoff === undefined
          ? token
          : format(localDay(source.policy.onboardingCutoff), 'MMMM do, yyyy');
      default:
        return token;
    }
  });
}

/**
 * One line per group in window order: `• *All Schools*: January 13 – February 17`; when the schedule runs
 * over a new year, every date with its year (`December 1, 2025 – January 16, 2026`).
 */
export function scheduleLines(schedule: Pick<ScheduleFile, 'groups'>): string {
  const years = spansYears(schedule);
  return windowOrder(schedule.groups)
    .map((g) => `• *${g.name}*: ${dayRange(g.window.start, g.window.end, years)}`)
    .join('\n');
}

/** Whether the windows run over more than one calendar year: then a date without its year is ambiguous. */
export function spansYears(schedule: Pick<ScheduleFile, 'groups'>): boolean {
  const years = new Set(
    schedule.groups.flatMap((g) => [g.window.start.slice(0, 4), g.window.end.slice(0, 4)]),
  );
  return years.size > 1;
}

function windowOrder(groups: readonly TrainingGroup[]): TrainingGroup[] {
  return [...groups].sort(
    (a, b) => a.window.start.localeCompare(b.window.start) || a.window.end.localeCompare(b.window.end),
  );
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** `five`; a number past ten as digits. */
export function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** `February 17`, as the FAQ writes a day of the cycle; `February 17, 2026` when years must be said. */
function day(iso: string, withYear: boolean): string {
  return format(localDay(iso), withYear ? 'MMMM d, yyyy' : 'MMMM d');
}

/** `January 13 – February 17`, with the years when the window or the whole schedule spans two. */
function dayRange(start: string, end: string, withYears: boolean): string {
  const years = withYears || start.slice(0, 4) !== end.slice(0, 4);
  return `${day(start, years)} – ${day(end, years)}`;
}

export interface StatedDate {
  index: number;
  /** As written. */
  text: string;
  /** `MM-DD`. */
  monthDay: string;
  year: number | null;
}

/** A month as it is written out: in full, or shortened ("Feb", "Sept."); the longer first. */
const MONTH_WORDS = [
  ...MONTHS,
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sept',
  'sep',
  'oct',
  'nov',
  'dec',
];
/** "February 17th", "Feb. 17", "July 1st, 2020". */
const MONTH_FIRST = new RegExp(
  `\\b(${MONTH_WORDS.join('|')})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`,
  'gi',
);
/** "17 February", "17th of Feb 2026": the month capitalised, so that "module 1 may be taken" is no date. */
const DAY_FIRST = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_WORDS.map((m) => m[0]?.toUpperCase() + m.slice(1)).join('|')})\\.?(?:,?\\s+(\\d{4}))?\\b`,
  'g',
);
/**
 * "2/17", "2/17/2021", "2/17/21": month first, as a US page writes it; not a fraction of something
 * ("1/2 hour", "3/4 of them"), nor "24/7" (no month 24).
 */
const NUMERIC =
  /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b(?!\s+(?:of|an?|hours?|days?|weeks?|months?|years?|minutes?)\b)/gi;
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/**
 * The calendar days a text states by hand, in any of the ways people write one ("February 17th",
 * "Feb. 17", "17 February", "July 1st, 2020", "2/17/2021", "2021-02-17"), in the order they come.
 */
export function statedDates(text: string): StatedDate[] {
  const found: StatedDate[] = [];
  const add = (index: number, written: string, month: number, day: number, year: number | null) => {
    if (month < 1 || month > 12 || day < 1 || day > 31) return;
    found.push({ index, text: written, monthDay: `${pad(month)}-${pad(day)}`, year });
  };
  const monthOf = (word: string) => MONTHS.findIndex((m) => m.startsWith(word.toLowerCase().slice(0, 3))) + 1;
  const yearOf = (y: string | undefined) =>
    y === undefined ? null : y.length === 2 ? 2000 + Number(y) : Number(y);
  for (const m of text.matchAll(MONTH_FIRST))
    add(m.index, m[0], monthOf(m[1] ?? ''), Number(m[2]), yearOf(m[3]));
  for (const m of text.matchAll(DAY_FIRST))
    add(m.index, m[0], monthOf(m[2] ?? ''), Number(m[1]), yearOf(m[3]));
  for (const m of text.matchAll(NUMERIC)) add(m.index, m[0], Number(m[1]), Number(m[2]), yearOf(m[3]));
  for (const m of text.matchAll(ISO)) add(m.index, m[0], Number(m[2]), Number(m[3]), Number(m[1]));
  // One day read two ways ("17 February 18" as day first and month first): the first reading stands.
  const sorted = found.toSorted((a, b) => a.index - b.index);
  return sorted.filter((d, i) => !sorted.slice(0, i).some((e) => d.index < e.index + e.text.length));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The days an answer may state: the windows' first and last days and the onboarding cutoff. */
export function knownDays(source: FactSource): string[] {
  return [
    ...source.schedule.groups.flatMap((g) => [g.window.start, g.window.end]),
    ...(source.policy.onboardingCutoff === undefined ? [] : [source.policy.onboardingCutoff]),
  ];
}

/** The placeholders that write a stated day the content holds (`{{deadline:all-schools}}`), if any. */
export function placeholdersForDay(date: StatedDate, source: FactSource): string[] {
  const same = (day: string) =>
    day.slice(5) === date.monthDay && (date.year === null || Number(day.slice(0, 4)) === date.year);
  return [
    ...source.schedule.groups.flatMap((g) => [
      ...(same(g.window.end) ? [`{{deadline:${g.id}}}`] : []),
      ...(same(g.window.start) ? [`{{windowStart:${g.id}}}`] : []),
    ]),
    ...(source.policy.onboardingCutoff !== undefined && same(source.policy.onboardingCutoff)
      ? ['{{onboardingCutoff}}']
      : []),
  ];
}

/** Whether a stated day is one of `known` (YYYY-MM-DD), by month and day when the text gives no year. */
export function isKnownDay(date: StatedDate, known: readonly string[]): boolean {
  return known.some(
    (day) => day.slice(5) === date.monthDay && (date.year === null || Number(day.slice(0, 4)) === date.year),
  );
}

const COUNT_IN_TEXT = new RegExp(
  `\\b(${NUMBER_WORDS.slice(1).join('|')}|\\d+)\\s+(?:(?!of\\b)[a-z-]+\\s+){0,3}?(options|courses|modules)\\b`,
  'gi',
);

/** "no one", "one another": `one` as a pronoun, not a count. */
const PRONOUN_ONE =
  /\b(?:no|any|each|every|the|this|that|which)\s+one\b|\bone\s+(?:another|of us|of you|of them)\b/gi;
const NOT_A_COUNT = new RegExp(
  `\\b(?:${NUMBER_WORDS.slice(1).join('|')}|\\d+)(?:\\s+|-)(?:years?|months?|weeks?|days?|hours?|minutes?)\\b|[A-Za-z]+\\d+-\\d+|\\d+-\\d+`,
  'gi',
);
const NUMBER_IN_TEXT = new RegExp(`\\b(${NUMBER_WORDS.slice(1).join('|')}|\\d+)\\b`, 'gi');

/**
 * Every number a text states by hand, as a word (`one` … `ten`) or in digits, outside placeholders and
 * dates: what the content check compares with the counts modules.yml holds.
 */
export function statedNumbers(text: string): { index: number; text: string; count: number }[] {
  const skip: [number, number][] = [];
  for (const m of text.matchAll(FACT_TOKEN)) skip.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(PRONOUN_ONE)) skip.push([m.index, m.index + m[0].length]);
  for (const d of statedDates(text)) skip.push([d.index, d.index + d.text.length]);
  // A span of time ("every two years", "5-minute") or part of a label ("AY20-21") is not a count.
  for (const m of text.matchAll(NOT_A_COUNT)) skip.push([m.index, m.index + m[0].length]);
  const skipped = (i: number) => skip.some(([from, to]) => i >= from && i < to);
  return [...text.matchAll(NUMBER_IN_TEXT)]
    .filter((m) => !skipped(m.index))
    .map((m) => {
      const word = (m[1] ?? '').toLowerCase();
      const count = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS.indexOf(word);
      return { index: m.index, text: m[0], count };
    });
}

/** "five online training options": how many options a text says there are. */
export function statedOptionCounts(text: string): { index: number; text: string; count: number }[] {
  return [...text.matchAll(COUNT_IN_TEXT)].map((m) => {
    const word = (m[1] ?? '').toLowerCase();
    const count = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS.indexOf(word);
    return { index: m.index, text: m[0], count };
  });
}
