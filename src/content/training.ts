// Reads content/training/*.yml (one file per writer) and checks what a model cannot check for itself: every
// label is an entry that exists, every entry has enough phrasings, and no phrasing teaches two answers.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stemmer } from 'stemmer';
import { type ExchangeKind, MIN_PHRASINGS_PER_ENTRY, OUT_OF_SCOPE, TrainingFile } from './schemas.js';
import { type ContentIssue, displayPath, errorCode, lineOf, parseSource, unreadable } from './source.js';

/** A writer's file as read, with where it came from (for file:line in every message). */
export interface TrainingSource extends TrainingFile {
  /** The file as a person would type it. */
  readonly file: string;
}

/** One phrasing with what it means: an FAQ entry id, `out-of-scope`, `personal`, `greeting` or, for the disclosure detector alone, `disclosure` / `not-disclosure`. */
export interface Phrasing {
  text: string;
  label: string;
  writer: string;
  file: string;
  line: number;
  /** Of two messages in a row (an exchange): the first, the second (the one answered) and what the second is. */
  before?: string;
  message?: string;
  kind?: ExchangeKind;
  /** Of a message that tells something and asks (TOLD): the entry that answers the question part. */
  asks?: string;
}

export const PERSONAL = 'personal';
export const GREETING = 'greeting';
export const DISCLOSURE = 'disclosure';
/** A question about the course's topics that names no entry: it teaches the disclosure detector only. */
export const NOT_DISCLOSURE = 'not-disclosure';
/**
 * A message that cannot be understood without the one before it ("still have to?", "does he need to take it?"),
 * learned from the second messages of the exchanges the writers marked as follow-ups. Never an answer: when the
 * model reads a message so, the engine reads it with the asker's previous message (src/answer/follow-up.ts).
 */
export const FOLLOW_UP = 'follow-up';
/**
 * A message that tells something and asks about the training at once ("a guy in my lab won't leave me alone.
 * anyway when is the deadline"), learned whole under a class of its own. Never an answer: when the model gives it
 * enough weight (calibration.yml's toldAt), the engine gives care and reads the question beside the telling as it
 * reads a message with a disclosure in one clause (src/answer/engine.ts, told.ts). Learned as disclosures instead, such
 * messages cost the model its recall of disclosures read whole (round 29); as their entry, they would teach that a
 * disclosure's words belong to a question.
 */
export const TOLD = 'told-and-asked';

export interface TrainingLoad {
  files: TrainingSource[];
  phrasings: Phrasing[];
  issues: ContentIssue[];
}

export const TRAINING_DIR = 'training';

/** The writers' files as read, before any is parsed: each one's bytes, and the files that could not be read. */
export interface TrainingFiles {
  files: { name: string; path: string; bytes: Buffer }[];
  issues: ContentIssue[];
}

/** Every `*.yml` under `<content>/training/`, in name order, as bytes: cheap, nothing is parsed. */
export function readTrainingFiles(dir: string): TrainingFiles {
  const folder = join(dir, TRAINING_DIR);
  let names: string[];
  try {
    names = readdirSync(folder)
      .filter((name) => name.endsWith('.yml'))
      .sort();
  } catch (error) {
    return {
      files: [],
      issues: [
        {
          file: displayPath(folder),
          line: 1,
          path: '',
          message: `cannot read the folder (${errorCode(error)})`,
        },
      ],
    };
  }
  const issues: ContentIssue[] = [];
  if (names.length === 0)
    issues.push({
      file: displayPath(folder),
      line: 1,
      path: '',
      message: 'no training files (*.yml): the engine has nothing to learn from',
    });
  const files: TrainingFiles['files'] = [];
  for (const name of names) {
    const path = join(folder, name);
    try {
      files.push({ name, path, bytes: readFileSync(path) });
    } catch (error) {
      issues.push(unreadable(displayPath(path), error));
    }
  }
  return { files, issues };
}

/**
 * What the files say, as a hash of their names and bytes: the same files give the same digest, and a change
 * to any phrasing (or a comment, or a file added) gives another. Taken without parsing anything.
 */
export function trainingDigest(read: TrainingFiles): string {
  const hash = createHash('sha256');
  for (const { name, bytes } of read.files) {
    hash.update(`${name}\u0000${bytes.length}\u0000`);
    hash.update(bytes);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Every writer's file under `<content>/training/`, validated, with each phrasing's file and line. */
export function readTraining(dir: string): TrainingLoad {
  return parseTraining(readTrainingFiles(dir));
}

/** The files already read, parsed and validated. */
export function parseTraining(read: TrainingFiles): TrainingLoad {
  const issues = [...read.issues];
  const files: TrainingSource[] = [];
  const phrasings: Phrasing[] = [];
  for (const { name, path, bytes } of read.files) {
    const parsed = parseSource(displayPath(path), bytes.toString('utf8'));
    if ('issues' in parsed) {
      issues.push(...parsed.issues);
      continue;
    }
    const { source } = parsed;
    const { file, doc } = source;
    const result = TrainingFile.safeParse(doc.toJS());
    if (!result.success) {
      for (const issue of result.error.issues) {
        const segments = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        issues.push({
          file,
          line: lineOf(source, segments),
          path: segments.join('.'),
          message: issue.message,
        });
      }
      continue;
    }
    const data = result.data;
    if (`${data.writer}.yml` !== name)
      issues.push({
        file,
        line: lineOf(source, ['writer']),
        path: 'writer',
        message: `writer "${data.writer}" does not match the file name (write ${name.replace(/\.yml$/, '')} or rename the file)`,
      });
    files.push({ ...data, file });
    const add = (
      text: string,
      label: string,
      segments: (string | number)[],
      extra: Pick<Phrasing, 'before' | 'message' | 'kind' | 'asks'> = {},
    ): void => {
      phrasings.push({ text, label, writer: data.writer, file, line: lineOf(source, segments), ...extra });
    };
    const lists: [string, readonly string[], string][] = [
      ...Object.entries(data.faq).map(([id, list]): [string, readonly string[], string] => [
        id,
        list,
        `faq.${id}`,
      ]),
      [PERSONAL, data.personal, 'personal'],
      [OUT_OF_SCOPE, data['out-of-scope'], 'out-of-scope'],
      [GREETING, data.greetings, 'greetings'],
      [DISCLOSURE, data.disclosures, 'disclosures'],
    ];
    for (const [label, list, at] of lists)
      for (const [i, text] of list.entries()) add(text, label, [...at.split('.'), i]);
    for (const [i, topic] of data['course-topics'].entries())
      add(topic.q, topic.entry ?? NOT_DISCLOSURE, ['course-topics', i, 'q']);
    for (const [i, { q, entry }] of data['told-and-asked'].entries())
      add(q, TOLD, ['told-and-asked', i, 'q'], { asks: entry });
    // Two messages in a row. A follow-up, which cannot be understood without the first ("still have to?"), is
    // learned as the engine reads it after the first (src/answer/follow-up.ts: the two joined by a line break), and
    // alone as FOLLOW_UP: the model learns when a message needs the one before. Any other second message stands on
    // its own and is learned alone: joined to the first, a new question would teach that of two questions in one
    // message the second is the one meant. Each keeps its first message, for the cross-validation to ask it after.
    for (const [i, { before, message, label, kind }] of data.exchanges.entries()) {
      const at = ['exchanges', i, 'message'];
      if (kind === 'follow-up') {
        add(exchangeText(before, message), label, at, { before, message, kind });
        add(message, FOLLOW_UP, at);
      } else add(message, label, at, { before, message, kind });
    }
  }
  return { files, phrasings, issues };
}

/** Two messages in a row as one text: how the engine reads a message after the one before it. */
export function exchangeText(before: string, message: string): string {
  return `${before}\n${message}`;
}

/** A phrasing as the check compares them: normalised, stemmed, nothing else. Near-same phrasings share it. */
export function phrasingKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .map((w) => stemmer(w))
    .join(' ');
}

/**
 * What the phrasings say about the FAQ: labels that name no entry, entries with too few phrasings, and the
 * same phrasing under two labels (it would teach two answers; both places are named).
 */
export function checkTraining(
  phrasings: readonly Phrasing[],
  entries: readonly { id: string; line: number }[],
  faqFile: string,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const ids = new Set(entries.map((e) => e.id));
  const known = new Set([
    ...ids,
    OUT_OF_SCOPE,
    PERSONAL,
    GREETING,
    DISCLOSURE,
    NOT_DISCLOSURE,
    FOLLOW_UP,
    TOLD,
  ]);
  for (const p of phrasings) {
    if (!known.has(p.label))
      issues.push({
        file: p.file,
        line: p.line,
        path: p.label,
        message: `unknown FAQ entry "${p.label}" (known: ${[...ids].join(', ')}, or ${OUT_OF_SCOPE})`,
      });
    if (p.asks !== undefined && !ids.has(p.asks))
      issues.push({
        file: p.file,
        line: p.line,
        path: p.asks,
        message: `unknown FAQ entry "${p.asks}" for the question part (known: ${[...ids].join(', ')})`,
      });
  }
  const counts = new Map<string, number>();
  for (const p of phrasings) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
  for (const entry of entries) {
    const count = counts.get(entry.id) ?? 0;
    if (count < MIN_PHRASINGS_PER_ENTRY)
      issues.push({
        file: faqFile,
        line: entry.line,
        path: entry.id,
        message: `entry "${entry.id}" has ${count} training phrasing${count === 1 ? '' : 's'} in training/*.yml; it needs at least ${MIN_PHRASINGS_PER_ENTRY}, from several writers`,
      });
  }
  const seen = new Map<string, Phrasing>();
  // A disclosure and a question about the course are different labels for the detector only; the same text
  // under both would still teach two things.
  for (const p of phrasings) {
    const key = phrasingKey(p.text);
    if (key === '') continue;
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, p);
      continue;
    }
    if (other.label !== p.label)
      issues.push({
        file: p.file,
        line: p.line,
        path: p.label,
        message: `"${p.text}" (${p.label}) is the same phrasing as ${other.file}:${other.line} "${other.text}" (${other.label}): keep it under one`,
      });
  }
  return issues;
}
