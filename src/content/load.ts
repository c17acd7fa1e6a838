// Reads content/*.yml, validates each file with its zod schema and checks the references between them,
// collecting every problem with the file and line it comes from.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Document, isNode, isScalar, LineCounter, parseDocument, Scalar } from 'yaml';
import type { z } from 'zod';
import {
  ContactsFile,
  FaqFile,
  ModulesFile,
  OutOfScopeFile,
  PERSONAL_PLACEHOLDERS,
  PLACEHOLDER_TOKEN,
  PolicyFile,
  REMINDER_PLACEHOLDERS,
  RemindersFile,
  ResourcesFile,
  ScheduleFile,
  SensitiveExamplesFile,
  SynonymsFile,
} from './schemas.js';

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
  outOfScope: { file: 'out-of-scope.yml', schema: OutOfScopeFile },
  sensitiveExamples: { file: 'sensitive-examples.yml', schema: SensitiveExamplesFile },
} as const;

type Files = typeof CONTENT_FILES;
export type Content = { readonly [K in keyof Files]: z.infer<Files[K]['schema']> } & {
  /** The folder the content was read from. */
  readonly dir: string;
};

export type PathSegment = string | number;

export interface ContentIssue {
  /** The file as the person would type it, relative to the working directory. */
  file: string;
  line: number;
  /** Dotted field path (`entries.7.contacts.0`); empty for the whole file. */
  path: string;
  message: string;
}

export function formatIssue(issue: ContentIssue): string {
  return `${issue.file}:${issue.line}${issue.path ? ` ${issue.path}` : ''}: ${issue.message}`;
}

export class ContentError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    super(
      `The content has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`,
    );
    this.name = 'ContentError';
  }
}

/** A parsed file, kept so that later checks can point at the line of any field. */
export interface SourceFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** The line of the node at `path`, or of its nearest ancestor that exists. */
export function lineOf(source: SourceFile, path: readonly PathSegment[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? source.doc.contents : source.doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      // A missing key is reported at its parent collection: point at the collection's first line.
      return source.lines.linePos(node.range[0]).line;
    }
  }
  return 1;
}

export interface LoadResult {
  content: Content | null;
  issues: ContentIssue[];
  sources: Partial<Record<keyof Files, SourceFile>>;
}

/** Everything the loader found, without throwing: for `content check`. */
export function inspectContent(dir: string): LoadResult {
  const issues: ContentIssue[] = [];
  const sources: LoadResult['sources'] = {};
  const parsed: Partial<Record<keyof Files, unknown>> = {};

  for (const key of Object.keys(CONTENT_FILES) as (keyof Files)[]) {
    const { file, schema } = CONTENT_FILES[key];
    const fullPath = join(dir, file);
    const shown = displayPath(fullPath);
    let text: string;
    try {
      text = readFileSync(fullPath, 'utf8');
    } catch (error) {
      issues.push({ file: shown, line: 1, path: '', message: `cannot read the file (${errorCode(error)})` });
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source: SourceFile = { file: shown, doc, lines };
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const line = lines.linePos(error.pos[0]).line;
        issues.push({ file: shown, line, path: '', message: `YAML syntax: ${firstLine(error.message)}` });
      }
      continue;
    }
    sources[key] = source;
    const result = schema.safeParse(doc.toJS(), { reportInput: true });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
        issues.push({
          file: shown,
          line: lineOf(source, path),
          path: path.join('.'),
          message: `${issue.message}${describeInput(issue.input)}`,
        });
      }
      continue;
    }
    parsed[key] = result.data;
  }

  const complete = (Object.keys(CONTENT_FILES) as (keyof Files)[]).every((k) => parsed[k] !== undefined);
  if (!complete) return { content: null, issues, sources };

  const content = { ...(parsed as Omit<Content, 'dir'>), dir };
  issues.push(...crossCheck(content, sources as Record<keyof Files, SourceFile>));
  return { content: issues.length === 0 ? content : null, issues, sources };
}

/** Loads and validates the content, or throws a ContentError listing every problem. */
export function loadContent(dir: string): Content {
  const { content, issues } = inspectContent(dir);
  if (!content) throw new ContentError(issues);
  return content;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

/** ` (got "x")` for a scalar value, so the message quotes what was written. */
function describeInput(input: unknown): string {
  if (input === undefined || (typeof input === 'object' && input !== null)) return '';
  return ` (got ${JSON.stringify(input)})`;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error);
}

// ---------------------------------------------------------------- references between files

type Sources = Record<keyof Files, SourceFile>;

function crossCheck(content: Omit<Content, 'dir'>, sources: Sources): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const at = (key: keyof Files, path: PathSegment[], message: string) => {
    const source = sources[key];
    issues.push({ file: source.file, line: lineOf(source, path), path: path.join('.'), message });
  };

  const faqIds = uniqueIds(content.faq.entries, (path, id) => at('faq', path, `duplicate id "${id}"`), [
    'entries',
  ]);
  const contactIds = uniqueIds(
    content.contacts.contacts,
    (path, id) => at('contacts', path, `duplicate id "${id}"`),
    ['contacts'],
  );
  const groupIds = uniqueIds(
    content.schedule.groups,
    (path, id) => at('schedule', path, `duplicate id "${id}"`),
    ['groups'],
  );
  const moduleIds = uniqueIds(
    content.modules.modules,
    (path, id) => at('modules', path, `duplicate id "${id}"`),
    ['modules'],
  );
  uniqueIds(content.resources.resources, (path, id) => at('resources', path, `duplicate id "${id}"`), [
    'resources',
  ]);

  const refs = (
    key: keyof Files,
    path: PathSegment[],
    ids: readonly string[],
    known: Set<string>,
    kind: string,
  ) => {
    ids.forEach((id, i) => {
      if (!known.has(id)) at(key, [...path, i], `unknown ${kind} "${id}"`);
    });
  };
  const ref = (
    key: keyof Files,
    path: PathSegment[],
    id: string | undefined,
    known: Set<string>,
    kind: string,
  ) => {
    if (id !== undefined && !known.has(id)) at(key, path, `unknown ${kind} "${id}"`);
  };

  // faq.yml
  const seenAlternates = new Map<string, string>();
  content.faq.entries.forEach((entry, i) => {
    const base: PathSegment[] = ['entries', i];
    refs('faq', [...base, 'contacts'], entry.contacts, contactIds, 'contact');
    refs('faq', [...base, 'modules'], entry.modules, moduleIds, 'module');
    refs('faq', [...base, 'related'], entry.related, faqIds, 'FAQ entry');
    if (entry.related.includes(entry.id))
      at('faq', [...base, 'related'], 'an entry cannot be related to itself');
    for (const match of entry.answer.matchAll(CONTACT_TOKEN)) {
      const id = match[1] ?? '';
      if (!contactIds.has(id)) at('faq', [...base, 'answer'], `unknown contact "${id}" in {{contact:${id}}}`);
    }
    entry.alternates.forEach((alternate, j) => {
      const key = alternate.trim().toLowerCase();
      const other = seenAlternates.get(key);
      if (other !== undefined || key === entry.question.trim().toLowerCase()) {
        at('faq', [...base, 'alternates', j], `alternate "${alternate}" repeats ${other ?? 'the question'}`);
      } else {
        seenAlternates.set(key, `entries.${i}.alternates.${j}`);
      }
    });
  });

  // out-of-scope.yml: an example that is also a way of asking an FAQ entry would teach two answers.
  content.outOfScope.examples.forEach((example, i) => {
    const key = example.trim().toLowerCase();
    const asked = seenAlternates.get(key);
    const question = content.faq.entries.findIndex((e) => e.question.trim().toLowerCase() === key);
    if (asked !== undefined || question >= 0)
      at(
        'outOfScope',
        ['examples', i],
        `example "${example}" repeats ${asked ?? `entries.${question}.question`} in faq.yml`,
      );
  });

  // schedule.yml
  ref('schedule', ['cycle', 'faq'], content.schedule.cycle.faq, faqIds, 'FAQ entry');
  content.schedule.groups.forEach((group, i) => {
    if (group.window.end < group.window.start) {
      at(
        'schedule',
        ['groups', i, 'window', 'end'],
        `window ends (${group.window.end}) before it starts (${group.window.start})`,
      );
    }
  });

  // modules.yml
  ref('modules', ['course', 'faq'], content.modules.course.faq, faqIds, 'FAQ entry');
  if (content.modules.required > content.modules.modules.length) {
    at(
      'modules',
      ['required'],
      `requires ${content.modules.required} of only ${content.modules.modules.length} modules`,
    );
  }

  // contacts.yml
  ref('contacts', ['general'], content.contacts.general, contactIds, 'contact');
  content.contacts.contacts.forEach((contact, i) => {
    refs('contacts', ['contacts', i, 'faq'], contact.faq, faqIds, 'FAQ entry');
  });

  // policy.yml
  for (const list of ['required', 'exempt', 'stillRequired'] as const) {
    content.policy[list].forEach((rule, i) => {
      ref('policy', [list, i, 'faq'], rule.faq, faqIds, 'FAQ entry');
      refs('policy', [list, i, 'contacts'], rule.contacts, contactIds, 'contact');
    });
  }
  uniqueIds(
    [...content.policy.required, ...content.policy.exempt, ...content.policy.stillRequired],
    (_path, id) => at('policy', [], `duplicate rule id "${id}"`),
    [],
  );
  content.policy.recommendations.forEach((rec, i) => {
    ref('policy', ['recommendations', i, 'faq'], rec.faq, faqIds, 'FAQ entry');
    refs('policy', ['recommendations', i, 'modules'], rec.modules, moduleIds, 'module');
    refs('policy', ['recommendations', i, 'contacts'], rec.contacts, contactIds, 'contact');
  });

  // resources.yml
  refs('resources', ['broughtToYou', 'faq'], content.resources.broughtToYou.faq, faqIds, 'FAQ entry');
  content.resources.resources.forEach((resource, i) => {
    ref('resources', ['resources', i, 'contact'], resource.contact, contactIds, 'contact');
    refs('resources', ['resources', i, 'faq'], resource.faq, faqIds, 'FAQ entry');
  });

  // synonyms.yml: a term in two groups would be read as two different things.
  const groupOfTerm = new Map<string, number>();
  content.synonyms.groups.forEach((group, i) => {
    group.forEach((term, j) => {
      const other = groupOfTerm.get(term);
      if (other !== undefined) at('synonyms', ['groups', i, j], `term "${term}" is also in group ${other}`);
      else groupOfTerm.set(term, i);
    });
  });

  issues.push(...checkReminders(content, sources, contactIds, groupIds));
  return issues;
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
  content: Omit<Content, 'dir'>,
  sources: Sources,
  contactIds: Set<string>,
  groupIds: Set<string>,
): ContentIssue[] {
  const source = sources.reminders;
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
      at(['templates', i, 'contact'], `unknown contact "${template.contact}"`);
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
      if (!groupIds.has(id)) at([...base, 'groups', j], `unknown training group "${id}"`);
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
