// The situation a question names, in the rules' terms: "my contract ends march 1" is an appointment end,
// "as a 2nd year grad student" a role and a year of study, an area's name an area (and its role), a leave's name
// that leave. Roles, areas and leaves are read only by the words the content gives them (policy.yml `roles`,
// `areas` and `leaves`: mentions, nouns, yearOfStudyWith). Only what the rules (src/rules) understand is read;
// everything else is left to the FAQ answer.

import type { Profile } from '../content/profile.js';
import { roleAsYou } from '../content/roles.js';
import type { AreaLabel, LeaveLabel, RoleLabel } from '../content/schemas.js';
import { MONTHS } from '../text/format.js';

export type SituationFacts = Partial<
  Pick<
    Profile,
    'role' | 'area' | 'studyYear' | 'paid' | 'leave' | 'graduating' | 'appointmentEnd' | 'startDate'
  >
>;

const MONTH_ALIASES: Record<string, number> = Object.fromEntries(
  MONTHS.flatMap((m, i) => [
    [m, i + 1],
    [m.slice(0, 3), i + 1],
  ]),
);
MONTH_ALIASES.sept = 9;
const MONTH = `(${Object.keys(MONTH_ALIASES).join('|')})`;
const ORDINAL_YEAR: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6 };

/** A date named in the text ("march 1", "1st of march", "march 1st 2021"), as YYYY-MM-DD. */
function dateIn(text: string, defaultYear: number): string | null {
  const monthDay = new RegExp(`\\b${MONTH} (\\d{1,2})(?:st|nd|rd|th)?(?: (\\d{4}))?\\b`).exec(text);
  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?${MONTH}(?: (\\d{4}))?\\b`).exec(text);
  let month: number | undefined;
  let day: number | undefined;
  let year = defaultYear;
  if (monthDay) {
    month = MONTH_ALIASES[monthDay[1] ?? ''];
    day = Number(monthDay[2]);
    if (monthDay[3]) year = Number(monthDay[3]);
  } else if (dayMonth) {
    day = Number(dayMonth[1]);
    month = MONTH_ALIASES[dayMonth[2] ?? ''];
    if (dayMonth[3]) year = Number(dayMonth[3]);
  }
  if (month === undefined || day === undefined || day < 1 || day > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A month and year named in the text ("august 2020"), as the first of that month. */
function monthIn(text: string): string | null {
  const m = new RegExp(`\\b${MONTH} (\\d{4})\\b`).exec(text);
  if (!m) return null;
  const month = MONTH_ALIASES[m[1] ?? ''];
  return month === undefined ? null : `${m[2]}-${String(month).padStart(2, '0')}-01`;
}

/** The names a question is read by: policy.yml `roles`, `areas` and `leaves` (none: none of them is read). */
export interface SituationNames {
  roles?: readonly Pick<RoleLabel, 'id' | 'mentions' | 'nouns' | 'yearOfStudyWith'>[];
  areas?: readonly Pick<AreaLabel, 'id' | 'mentions' | 'role'>[];
  leaves?: readonly Pick<LeaveLabel, 'id' | 'mentions'>[];
}

// Whole words only ("hr" in "hr staff", never inside "three"): the text is normalised, words spaced.
const spaced = (text: string) => ` ${text.replace(/[^a-z0-9]+/g, ' ').trim()} `;

/**
 * The role a question names: first one that people call themselves after "i am" or "as" (an article and one
 * more word may come between, never a negation: "i am not faculty" names none), in policy.yml order; else the
 * one whose mention anywhere in it is the longest (the longer of two mentions in one question).
 */
function namedRole(padded: string, roles: NonNullable<SituationNames['roles']>): string | undefined {
  for (const role of roles) {
    if (role.nouns.length === 0) continue;
    const nouns = role.nouns.map((n) => spaced(n).trim()).join('|');
    if (
      new RegExp(` (?:i am|im|as) (?:(?:a|an) )?(?:(?!not |no |never )[a-z0-9]+ )?(?:${nouns}) `).test(padded)
    )
      return role.id;
  }
  return longestMentioned(padded, roles);
}

/** The one of `named` whose mention in the question is the longest (of two mentions in one question, the longer). */
function longestMentioned(
  padded: string,
  named: readonly { id: string; mentions: readonly string[] }[],
): string | undefined {
  let best: { id: string; length: number } | undefined;
  for (const { id, mentions } of named)
    for (const mention of mentions) {
      const words = spaced(mention).trim();
      // A plural "s" counts too: "grad students".
      if (!new RegExp(` ${words}s? `).test(padded)) continue;
      if (!best || words.length > best.length) best = { id, length: words.length };
    }
  return best?.id;
}

/**
 * Reads the facts a normalised question states about the asker's situation. `year` is the cycle's year,
 * for dates written without one.
 */
export function readSituation(normalised: string, year: number, names: SituationNames = {}): SituationFacts {
  const facts: SituationFacts = {};
  const t = normalised;
  const padded = spaced(t);
  const roles = names.roles ?? [];
  const role = namedRole(padded, roles);
  if (role !== undefined) facts.role = role;

  const yearOfStudy =
    /\b(\d)(?:st|nd|rd|th) year\b/.exec(t) ??
    /\byear (\d)\b/.exec(t) ??
    /\b(first|second|third|fourth|fifth|sixth) year\b/.exec(t);
  const studying = roles.find((r) => r.yearOfStudyWith !== undefined);
  if (
    yearOfStudy &&
    studying &&
    (facts.role === studying.id || (studying.yearOfStudyWith ?? []).some((w) => padded.includes(spaced(w))))
  ) {
    const value = yearOfStudy[1] ?? '';
    const n = ORDINAL_YEAR[value] ?? Number(value);
    if (n >= 1 && n <= 15) {
      facts.studyYear = n;
      facts.role = studying.id;
    }
  }

  const named = (names.areas ?? []).find((a) => a.mentions.some((m) => padded.includes(spaced(m))));
  if (named) {
    facts.area = named.id;
    if (named.role !== undefined) facts.role ??= named.role;
  }

  if (/\b(?:unpaid|not paid|without pay|no salary|no pay|volunteer)\b/.test(t)) facts.paid = false;
  const leave = longestMentioned(padded, names.leaves ?? []);
  if (leave !== undefined) facts.leave = leave;
  if (
    /\b(?:graduating|graduate (?:this|in|at|soon)|about to graduate|finish(?:ing)? my (?:phd|degree)|defending)\b/.test(
      t,
    )
  )
    facts.graduating = true;

  if (
    /\b(?:end|ends|ending|expire|expires|expiring|over|runs out|run out|leaving|(?:will|to|i) leave|last day|terminat\w*)\b/.test(
      t,
    )
  ) {
    const end = dateIn(t, year);
    if (end && /\b(?:appointment|contract|position|job|term|leaving|last day|employment)\b/.test(t))
      facts.appointmentEnd = end;
  }
  if (/\b(?:joined|started|hired|onboarded|began|start date)\b/.test(t)) {
    const start = dateIn(t, year) ?? monthIn(t);
    if (start) facts.startDate = start;
  }
  return facts;
}

/** How the situation is said back to the asker ("If your appointment ends on March 1, 2021"). */
export function describeSituation(
  facts: SituationFacts,
  day: (iso: string) => string,
  names: {
    roles?: readonly Pick<RoleLabel, 'id' | 'label' | 'youAre'>[];
    areas?: readonly Pick<AreaLabel, 'id' | 'label' | 'role'>[];
    leaves?: readonly Pick<LeaveLabel, 'id' | 'youAreOn'>[];
  } = {},
): string | null {
  const area = facts.area === undefined ? undefined : names.areas?.find((a) => a.id === facts.area);
  const role = facts.role === undefined ? undefined : names.roles?.find((r) => r.id === facts.role);
  const leave = facts.leave === undefined ? undefined : names.leaves?.find((l) => l.id === facts.leave);
  const parts: string[] = [];
  if (facts.appointmentEnd) parts.push(`your appointment ends on ${day(facts.appointmentEnd)}`);
  if (facts.startDate) parts.push(`you were onboarded on ${day(facts.startDate)}`);
  if (leave) parts.push(`you are on ${leave.youAreOn}`);
  if (facts.graduating) parts.push('you are graduating');
  if (facts.paid === false) parts.push('your appointment is unpaid');
  if (role) {
    const you = `you are ${roleAsYou(role)}`;
    // An area is said with the role whose appointments sit in it ("you are staff under <the area>").
    if (facts.studyYear) parts.push(`${you} in year ${facts.studyYear}`);
    else if (area && area.role === role.id) parts.push(`${you} under ${area.label}`);
    else parts.push(you);
  }
  if (parts.length === 0) return null;
  return `If ${parts.join(' and ')}`;
}
