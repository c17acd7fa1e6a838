// One content file as read: its text parsed with line numbers, so that every problem can name its file and
// line. Shared by the content files (load.ts) and the training folder (training.ts).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type Document, isNode, LineCounter, parseDocument } from 'yaml';

export type PathSegment = string | number;

export interface ContentIssue {
  /** The file as the person would type it, relative to the working directory. */
  file: string;
  line: number;
  /** Dotted field path (`entries.7.contacts.0`); empty for the whole file. */
  path: string;
  message: string;
  /** A warning does not stop the content from loading; absent means an error. */
  severity?: 'warning';
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

/** A path as a person would type it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

/** Reads and parses one YAML file: the source, or the problems (unreadable, YAML syntax) with their lines. */
export function readSource(fullPath: string): { source: SourceFile } | { issues: ContentIssue[] } {
  const shown = displayPath(fullPath);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    return { issues: [unreadable(shown, error)] };
  }
  return parseSource(shown, text);
}

/** The issue of a file that could not be read. */
export function unreadable(shown: string, error: unknown): ContentIssue {
  return { file: shown, line: 1, path: '', message: `cannot read the file (${errorCode(error)})` };
}

/** Parses a file's text already read: the source, or its YAML syntax problems with their lines. */
export function parseSource(
  shown: string,
  text: string,
): { source: SourceFile } | { issues: ContentIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      issues: doc.errors.map((error) => ({
        file: shown,
        line: lines.linePos(error.pos[0]).line,
        path: '',
        message: `YAML syntax: ${error.message.split('\n')[0] ?? error.message}`,
      })),
    };
  return { source: { file: shown, doc, lines } };
}

/** The code of a file-system error (`ENOENT`), or the error itself. */
export function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error);
}
