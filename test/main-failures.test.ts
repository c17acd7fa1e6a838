// How `npm start` and the CLI show a failure: an expected error (AppError with `expected`) as one line and
// exit 1, anything else with its stack. Decided by the flag, not by a list of classes.
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { COMMANDS, runCliProcess } from '../src/cli/main.js';
import { AppError } from '../src/errors.js';
import { PORT_IN_USE_TEXT, startFailureText } from '../src/main.js';
import { ChartInputError } from '../src/reports/chart.js';
import { StoreError } from '../src/store/index.js';

/** An expected error of a kind main.ts and the CLI have never heard of by name. */
class OutageError extends AppError {
  static override readonly code = 'test_outage';
  static override readonly expected = true;
}

describe('npm start (src/main.ts)', () => {
  it('an expected error is its one line', () => {
    expect(startFailureText(new StoreError('Cannot open the database "x.db": disk full'))).toBe(
      'Cannot open the database "x.db": disk full',
    );
    expect(startFailureText(new OutageError('Slack is down; try again later.'))).toBe(
      'Slack is down; try again later.',
    );
  });

  it('a taken port says which setting to change', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use :::3000'), {
      code: 'EADDRINUSE',
    });
    expect(startFailureText(error)).toBe(PORT_IN_USE_TEXT);
  });

  it('a bug comes with its stack', () => {
    expect(startFailureText(new TypeError('x is not a function'))).toMatch(
      /^TypeError: x is not a function\n\s+at /,
    );
    expect(startFailureText(new ChartInputError('no series'))).toMatch(/^ChartInputError: no series\n\s+at /);
  });
});

describe('the CLI (src/cli/main.ts)', () => {
  const added: string[] = [];
  afterEach(() => {
    for (const name of added.splice(0)) delete COMMANDS[name];
  });

  /** A command that throws `error`, run as the bin runs it; its exit code and standard error. */
  async function failing(error: unknown): Promise<{ code: number; err: string[] }> {
    const name = `throws-${added.length}`;
    added.push(name);
    COMMANDS[name] = {
      summary: `${name}: throws`,
      examples: [],
      load: async () => ({
        run: async () => {
          throw error;
        },
      }),
    };
    const err: string[] = [];
    const io: CliIo = {
      out: () => undefined,
      err: (t) => err.push(t),
      readStdin: async () => '',
      env: {},
      cwd: '.',
    };
    return { code: await runCliProcess([name], io), err };
  }

  it('an expected error is one line and exit 1', async () => {
    expect(await failing(new OutageError('The database is down: nothing was changed.'))).toEqual({
      code: 1,
      err: ['The database is down: nothing was changed.'],
    });
    expect(await failing(new StoreError('Cannot open the database "x.db"'))).toEqual({
      code: 1,
      err: ['Cannot open the database "x.db"'],
    });
  });

  it('a bug is printed with its stack, exit 2', async () => {
    const { code, err } = await failing(new RangeError('index out of range'));
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^RangeError: index out of range\n\s+at /);
    const unexpected = await failing(new ChartInputError('no series'));
    expect(unexpected.code).toBe(2);
    expect(unexpected.err[0]).toMatch(/^ChartInputError: no series\n\s+at /);
  });
});
