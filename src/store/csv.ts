// Reads an export file (HR roster, LMS report) into rows keyed by column, collecting every problem with its line.
import { type CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../errors.js';

/** One problem in an import file, printed as `FILE:<line> <column>: <problem> (got "<value>")`. */
export interface ImportIssue {
  file: string;
  line: number;
  /** Absent for a problem with the whole file or a whole record. */
  column?: string;
  problem: string;
  value?: string;
}

export function formatImportIssue(issue: ImportIssue): string {
  const where = `${issue.file}:${issue.line}${issue.column ? ` ${issue.column}` : ''}`;
  const got = issue.value === undefined ? '' : ` (got "${shorten(issue.value)}")`;
  return `${where}: ${issue.problem}${got}`;
}

/** An import refused because of bad rows: nothing was changed. */
export class ImportError extends AppError {
  static override readonly code = 'import_rejected';
  static override readonly expected = true;
  override name = 'ImportError';
  constructor(readonly issues: ImportIssue[]) {
    super(
      `${issues.length} problem${issues.length === 1 ? '' : 's'}, nothing imported:\n${issues.map(formatImportIssue).join('\n')}`,
    );
  }
}

export interface CsvRow {
  /** The line the record starts on, counting the header as line 1. */
  line: number;
  values: Record<string, string>;
}

export interface CsvSpec {
  /** Every column the file may have. */
  columns: readonly string[];
  /** Those it must have. */
  required: readonly string[];
}

export interface CsvRead {
  /** Present only when the header is usable: the columns as the file orders them. */
  header: string[] | null;
  rows: CsvRow[];
  issues: ImportIssue[];
}

const OTHER_DELIMITERS = [';', '\t', '|'] as const;

/** Parses `data` as comma-separated text with a header row. Problems are returned, never thrown. */
export function readCsv(data: Buffer | string, file: string, spec: CsvSpec): CsvRead {
  const issues: ImportIssue[] = [];
  const fail = (problem: string, value?: string): CsvRead => ({
    header: null,
    rows: [],
    issues: [{ file, line: 1, problem, ...(value === undefined ? {} : { value }) }],
  });

  let text: string;
  if (typeof data === 'string') text = data;
  else {
    const nul = data.subarray(0, 65_536).indexOf(0);
    if (nul >= 0) return fail(`not a CSV text file: it holds binary data (a NUL byte at byte ${nul})`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      return fail('not a CSV text file: it is not UTF-8 text');
    }
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    return fail(`the file is empty: expected a header row with the columns ${spec.required.join(', ')}`);
  }

  const records: { line: number; fields: string[] }[] = [];
  const parsed = parse(text, {
    bom: true,
    info: true,
    raw: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: false,
    // Keep going past a malformed record so that every one is reported, not just the first.
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (!error) return undefined;
      const context = error as CsvError & { raw?: string; record?: string[]; lines?: number };
      const line = startLine(context.lines ?? 1, context.raw);
      if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && context.record) {
        issues.push({
          file,
          line,
          // The records are not handed back until parsing ends: the expected count comes from the error.
          problem: `has ${context.record.length} field${context.record.length === 1 ? '' : 's'}, the header has ${/expect (\d+)/.exec(error.message)?.[1] ?? 'a different number'}`,
          value: (context.raw ?? context.record.join(',')).trim(),
        });
      } else {
        issues.push({
          file,
          line,
          problem: `not valid CSV: ${error.message.replace(/ (on|at) line \d+$/, '')}`,
        });
      }
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  for (const r of parsed) records.push({ line: startLine(r.info.lines, r.raw), fields: r.record });

  const first = records[0];
  if (!first)
    return { header: null, rows: [], issues: issues.length > 0 ? issues : fail('no header row').issues };
  const header = first.fields.map((name) => name.trim().toLowerCase());

  if (header.length === 1) {
    const only = first.fields[0] ?? '';
    const delimiter = OTHER_DELIMITERS.find((d) => only.includes(d));
    if (delimiter) {
      const shown = delimiter === '\t' ? 'tabs' : `"${delimiter}"`;
      return fail(
        `not comma-separated: the header is one column, and it looks separated by ${shown}; save it as CSV with commas`,
        only,
      );
    }
  }

  const headerIssues: ImportIssue[] = [];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') headerIssues.push({ file, line: first.line, problem: `column ${i + 1} has no name` });
    else if (seen.has(name))
      headerIssues.push({ file, line: first.line, column: name, problem: 'the column appears twice' });
    else if (!spec.columns.includes(name))
      headerIssues.push({
        file,
        line: first.line,
        column: name,
        problem: `unknown column, expected only ${spec.columns.join(', ')}`,
        value: first.fields[i] ?? name,
      });
    seen.add(name);
  });
  for (const name of spec.required) {
    if (!seen.has(name))
      headerIssues.push({ file, line: first.line, column: name, problem: 'missing column: it is required' });
  }
  if (headerIssues.length > 0) return { header: null, rows: [], issues: [...headerIssues, ...issues] };

  if (records.length === 1 && issues.length === 0) {
    return {
      header,
      rows: [],
      issues: [{ file, line: first.line, problem: 'no records after the header row' }],
    };
  }

  const rows: CsvRow[] = records.slice(1).map(({ line, fields }) => {
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      values[name] = fields[i] ?? '';
    });
    return { line, values };
  });
  return { header, rows, issues };
}

/**
 * csv-parse counts the line a record ends on, and a quoted field may span several. Its raw text starts with
 * any skipped empty lines and ends with the record delimiter: neither is part of the record.
 */
function startLine(endLine: number, raw: string | undefined): number {
  if (!raw) return endLine;
  const body = raw.replace(/^[\r\n]+/, '').replace(/(?:\r\n|\n|\r)$/, '');
  let newlines = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) newlines++;
  return Math.max(1, endLine - newlines);
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}
