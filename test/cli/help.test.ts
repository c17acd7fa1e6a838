// `cli NAME --help` for every command: its usage with an example, exit 0; and every example runs as printed.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, COMMANDS } from '../../src/cli/main.js';
import { runCliIn } from '../support/cli.js';
import { splitCommandLine } from '../support/command-line.js';

const REPO = resolve(import.meta.dirname, '../..');
// The examples name files as they are in a clone (examples/…): a folder holding a copy of them.
const dir = mkdtempSync(join(tmpdir(), 'cli-help-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) =>
  runCliIn(
    dir,
    { DATABASE_PATH: join(dir, 'data/harassment-training.db'), CONTENT_DIR: join(REPO, 'content') },
    args,
  );

const NAMES = Object.keys(COMMANDS);

beforeAll(async () => {
  cpSync(join(REPO, 'examples'), join(dir, 'examples'), { recursive: true });
  expect((await cli(['roster', 'import', 'examples/roster.csv'])).code).toBe(0);
  expect((await cli(['completions', 'import', 'examples/completions.csv'])).code).toBe(0);
});

describe('every command takes --help', () => {
  it('lists every command in the overview, which stays `cli help`', async () => {
    const { code, out } = await cli(['help']);
    expect(code).toBe(0);
    for (const name of NAMES) expect(out).toMatch(new RegExp(`^  ${name}( |$)`, 'm'));
    expect(out).toContain(`${CLI} <command> --help`);
  });

  it.each(NAMES)('%s --help prints its usage and an example, exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await cli([name, flag]);
      expect({ code, err }).toEqual({ code: 0, err: '' });
      expect(out.split('\n')[0]).toBe(`Usage: ${CLI} ${COMMANDS[name]?.summary}`);
      expect(out).toMatch(new RegExp(`^Examples?:\\n  ${CLI.replace(/[-]/g, '\\-')} ${name}( |$)`, 'm'));
    }
    // After other arguments too, as people add it when a command refuses them; and as `cli help NAME`.
    expect((await cli([name, 'something', '--help'])).code).toBe(0);
    expect((await cli(['help', name])).out).toBe((await cli([name, '--help'])).out);
  });

  it('reads --help after `--` as text, not as a request for help', async () => {
    const { out } = await cli(['ask', '--', '--help']);
    expect(out).not.toContain('Usage:');
  });

  it.each(NAMES.flatMap((name) => COMMANDS[name]?.examples.map((e) => [name, e]) ?? []))(
    '%s: the example `%s` runs as printed',
    async (_name, example) => {
      // `content check` as printed, with the training review (half a minute of CPU), is the first test of
      // test/cli/content-check.test.ts; here the same arguments without the review.
      const args = splitCommandLine(example);
      const { code, err } = await cli(example === 'content check' ? [...args, '--no-review'] : args);
      expect({ code, err }).toEqual({ code: 0, err: '' });
    },
    60_000,
  );
});
