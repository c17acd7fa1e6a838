// One error base (src/errors.ts): every error class of the app extends it with a code of its own, so callers
// decide by `code` or `expected`, never by a list of classes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalibrationError } from '../src/answer/calibrate.js';
import { NotCalibratedError } from '../src/answer/engine.js';
import { EvalFileError } from '../src/answer/evaluate.js';
import { UnknownContactError } from '../src/answer/render.js';
import { RecordsUnavailable } from '../src/bot/viewer.js';
import { AudienceError } from '../src/broadcast/audience.js';
import { DirectoryError } from '../src/broadcast/directory.js';
import { QueueConfigError } from '../src/broadcast/queue.js';
import { CampaignError, NotAllowedError } from '../src/broadcast/requests.js';
import { TemplateError, UnknownTemplateError } from '../src/broadcast/templates.js';
import { CliUsageError } from '../src/cli/io.js';
import { ConfigError } from '../src/config.js';
import { ConsoleSetupError } from '../src/console/setup.js';
import { ContentError } from '../src/content/load.js';
import { AppError, failureText, isExpected, messageOf } from '../src/errors.js';
import { PromoteError } from '../src/misses/promote.js';
import { ChartInputError } from '../src/reports/chart.js';
import { InvalidMomentError } from '../src/rules/calendar.js';
import { RefusedTokenError } from '../src/slack/auth-check.js';
import { SocketModeTokenError } from '../src/slack/socket-mode.js';
import { SlackCallError, UnheardCallError } from '../src/slack/web-api/replies.js';
import { SlackUploadError } from '../src/slack/web-api/upload.js';
import { ImportError } from '../src/store/csv.js';
import { MigrationError, StoreError } from '../src/store/errors.js';
import { MassDeactivationError } from '../src/store/people.js';
import { PostgresError } from '../src/store/postgres.js';
import { SRC, sourceFiles } from './support/source-files.js';

/** An error class as this test reads it: its statics, whatever its constructor takes. */
type ErrorClass = Pick<typeof AppError, 'code' | 'expected' | 'prototype'> & { name: string };

/** Every error class under src/: a new one must be added here, and so gets its code checked. */
const ERRORS: Record<string, ErrorClass> = {
  AudienceError,
  CalibrationError,
  CampaignError,
  ChartInputError,
  CliUsageError,
  ConfigError,
  ConsoleSetupError,
  ContentError,
  DirectoryError,
  EvalFileError,
  ImportError,
  InvalidMomentError,
  MassDeactivationError,
  MigrationError,
  NotAllowedError,
  NotCalibratedError,
  PostgresError,
  PromoteError,
  QueueConfigError,
  RecordsUnavailable,
  RefusedTokenError,
  SlackCallError,
  SlackUploadError,
  SocketModeTokenError,
  StoreError,
  TemplateError,
  UnheardCallError,
  UnknownContactError,
  UnknownTemplateError,
};

/** Classes under src/ that extend Error but not AppError, and why. */
const NOT_APP_ERRORS: Record<string, string> = {
  Rollback: 'control flow inside one transaction of src/store/people.ts, never thrown out of it',
};

/** Every class under src/ that extends Error, directly or through another such class. */
function errorClassesInSource(): Map<string, string> {
  const extendsOf = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bclass (\w+) extends (\w+)/g))
      extendsOf.set(m[1] as string, m[2] as string);
  }
  const errors = new Map<string, string>();
  const isError = (name: string | undefined, seen = 0): boolean =>
    name === 'Error' || (name !== undefined && seen < 10 && isError(extendsOf.get(name), seen + 1));
  for (const [name, base] of extendsOf) if (isError(base)) errors.set(name, base);
  return errors;
}

describe('the error classes', () => {
  it('every error class under src/ is listed here and extends AppError, or is named as an exception', () => {
    const found = errorClassesInSource();
    found.delete('AppError');
    const listed = new Set([...Object.keys(ERRORS), ...Object.keys(NOT_APP_ERRORS)]);
    expect([...found.keys()].sort()).toEqual([...listed].sort());
    for (const [name, Class] of Object.entries(ERRORS)) {
      expect(Class.prototype, name).toBeInstanceOf(AppError);
      expect(Class.name).toBe(name);
    }
  });

  it('each has a code of its own, stable in form, and says whether it is expected', () => {
    for (const [name, Class] of Object.entries(ERRORS)) {
      expect(Object.hasOwn(Class, 'code'), `${name}.code`).toBe(true);
      expect(Object.hasOwn(Class, 'expected'), `${name}.expected`).toBe(true);
      expect(Class.code, name).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
    const codes = Object.values(ERRORS).map((Class) => Class.code);
    const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
    expect(repeated).toEqual([]);
  });

  it('an instance reads its code and expected flag from its class', () => {
    const store = new StoreError('The database is down.');
    expect(store).toMatchObject({ code: 'store_failed', expected: true, name: 'StoreError' });
    expect(new PostgresError('refused', '57014')).toMatchObject({
      code: 'postgres_refused',
      sqlState: '57014',
      expected: true,
    });
    expect(new UnknownTemplateError('nope', ['overdue'])).toMatchObject({ code: 'template_unknown' });
    expect(new ChartInputError('a chart needs at least one series')).toMatchObject({
      code: 'chart_input_invalid',
      expected: false,
    });
  });
});

describe('isExpected, failureText and messageOf', () => {
  it('an expected error is its message alone; a bug, or anything not ours, comes with its stack', () => {
    const expected = new CliUsageError('--on: expected a date');
    expect(isExpected(expected)).toBe(true);
    expect(failureText(expected)).toBe('--on: expected a date');

    const bug = new ChartInputError('series label "x" is used twice');
    expect(isExpected(bug)).toBe(false);
    expect(failureText(bug)).toMatch(/^ChartInputError: series label "x" is used twice\n\s+at /);

    const foreign = new TypeError('undefined is not a function');
    expect(isExpected(foreign)).toBe(false);
    expect(failureText(foreign)).toMatch(/^TypeError: undefined is not a function\n\s+at /);
    expect(failureText('a string')).toBe('a string');
  });

  it('messageOf: the message of an Error, else the value as text', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
  });
});
