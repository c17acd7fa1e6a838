// The product is the engine, the institution is content (issue #28): no line under src/ names either
// institution, its offices, its areas or its systems. Everything institution-specific lives in content/ or
// examples/institutions/<name>/.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sourceFiles } from './support/source-files.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Words that name the first institution (content/) or the second (examples/institutions/bayline/). */
const NAMES: readonly [string, RegExp][] = [
  ['the first institution', /\bMIT\b|\bmit\b/],
  ['its response office', /\bIDHR\b|\bidhr\b|Discrimination (?:&|and) Harassment Response/],
  ['its research area', /\bvpr\b|\bVPR\b|VP for Research|Vice President for Research/i],
  ['its learning system', /\bAtlas\b/],
  ['the second institution', /\bBayline\b|bayline/i],
];

/** Known exceptions: none left. A new one needs its owner and the issue that will remove it. */
const KNOWN: readonly { path: string; line?: RegExp; why: string }[] = [];

/**
 * Roles and leaves are content (policy.yml `roles`, `leaves`): no code lists one. An id of either institution
 * quoted under src/ is a role or leave written into code, except where the same word means something else:
 * `'other'` as a metrics label or the eligibility form's "another department" choice, and the English word
 * "sabbatical" that the normaliser's spelling fixes write (changing them would change what the answer model
 * learns from) and two comments use to show a misspelling found.
 */
const WORD_ELSEWHERE: readonly { path: string; word: string; line?: RegExp }[] = [
  { path: 'src/metrics.ts', word: 'other' },
  { path: 'src/slack/timing.ts', word: 'other' },
  { path: 'src/bot/replies/eligibility.ts', word: 'other' },
  { path: 'src/answer/normalise.ts', word: 'sabbatical', line: /^[a-z]+: 'sabbatical',$/ },
  { path: 'src/answer/search.ts', word: 'sabbatical', line: /"sabatical" still finds "sabbatical"/ },
  {
    path: 'src/answer/tfidf.ts',
    word: 'sabbatical',
    line: /"sabatical" share most of its pieces with "sabbatical"/,
  },
];

const POLICIES = ['content/policy.yml', 'examples/institutions/bayline/policy.yml'];

/** The ids each institution's policy.yml declares under `list` (`roles` or `leaves`). */
function declaredIds(list: 'roles' | 'leaves'): string[] {
  return POLICIES.flatMap((file) => {
    const policy = parse(readFileSync(join(ROOT, file), 'utf8')) as Record<
      string,
      { id: string }[] | undefined
    >;
    return (policy[list] ?? []).map((item) => item.id);
  });
}

/** Each line of src/ that quotes one of `ids` ('id', "id" or `id`), but for the words known to mean something else. */
function quoted(ids: readonly string[], what: string): string[] {
  const found: string[] = [];
  for (const { path, n, line } of sourceLines())
    for (const id of ids) {
      if (!new RegExp(`['"\`]${id}['"\`]`).test(line)) continue;
      if (
        WORD_ELSEWHERE.some((k) => k.path === path && k.word === id && (!k.line || k.line.test(line.trim())))
      )
        continue;
      found.push(`${path}:${n} names the ${what} "${id}": ${line.trim()}`);
    }
  return found;
}

/** Each line of src/, with its path from the repository's root and its number. */
function sourceLines(): { path: string; n: number; line: string }[] {
  return sourceFiles().flatMap((file) => {
    const path = relative(ROOT, file).split('\\').join('/');
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ path, n: i + 1, line }));
  });
}

function occurrences(): string[] {
  const found: string[] = [];
  for (const { path, n, line } of sourceLines())
    for (const [what, pattern] of NAMES) {
      if (!pattern.test(line)) continue;
      const known = KNOWN.some(
        (k) =>
          (k.path.endsWith('/') ? path.startsWith(k.path) : path === k.path) &&
          (!k.line || k.line.test(line.trim())),
      );
      if (!known) found.push(`${path}:${n} names ${what}: ${line.trim()}`);
    }
  return found;
}

describe('no code names an institution', () => {
  it('finds no institution name under src/', () => {
    expect(occurrences()).toEqual([]);
  });

  it('finds no role of either institution quoted under src/: roles are declared in policy.yml', () => {
    const ids = declaredIds('roles');
    expect(ids).toEqual(expect.arrayContaining(['faculty', 'graduate_student', 'warehouse_associate']));
    expect(quoted(ids, 'role')).toEqual([]);
  });

  it('finds no leave of either institution quoted under src/: leaves are declared in policy.yml', () => {
    const ids = declaredIds('leaves');
    expect(ids).toEqual(
      expect.arrayContaining(['sabbatical', 'junior_faculty_leave', 'medical_leave', 'parental_leave']),
    );
    expect(quoted(ids, 'leave')).toEqual([]);
  });

  it('would catch one: the patterns match each institution as its content names it', () => {
    const first = readFileSync(join(ROOT, 'content/resources.yml'), 'utf8');
    const second = readFileSync(join(ROOT, 'examples/institutions/bayline/faq.yml'), 'utf8');
    expect(NAMES.filter(([, p]) => p.test(first)).map(([what]) => what)).toEqual(
      expect.arrayContaining(['its response office']),
    );
    expect(NAMES.filter(([, p]) => p.test(second)).map(([what]) => what)).toContain('the second institution');
    expect(NAMES.some(([, p]) => p.test(readFileSync(join(ROOT, 'content/modules.yml'), 'utf8')))).toBe(true);
  });
});
