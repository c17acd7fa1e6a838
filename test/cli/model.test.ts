// The real CLI, as the person who deploys the bot runs it: `cli model build` trains the answer model into the
// model cache (under the system's temporary folder), and finds it there the second time. On the second
// institution's content, whose model trains in seconds, in a temporary folder of its own.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TRAINING_NOTICE } from '../../src/console/setup.js';
import { contentWith } from '../support/content.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const BAYLINE = 'examples/institutions/bayline';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `cli ARGS` with TMPDIR set to a folder of its own (the model cache starts empty). */
async function cli(temp: string, ...args: string[]) {
  return cliWith({}, temp, ...args);
}

/** The same with more variables set. */
async function cliWith(env: Record<string, string>, temp: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: temp, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The console on the second institution, asked one question, with TMPDIR set to `temp`, and `env`. */
async function console_(temp: string, env: Record<string, string> = {}) {
  const { stdout, stderr } = await run(
    'sh',
    [
      '-c',
      `printf 'do I need to take it?\\n' | node --import tsx src/console/main.ts --content ${BAYLINE} --on 2026-12-04`,
    ],
    { cwd: ROOT, env: { ...process.env, TMPDIR: temp, ...env } },
  );
  return { stdout, stderr };
}

function freshTemp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'model-build-'));
  dirs.push(dir);
  return dir;
}

describe('cli model build', { timeout: 120_000 }, () => {
  it('trains the model into the cache, and the second time finds it there', async () => {
    const temp = freshTemp();
    const first = await cli(temp, 'model', 'build', '--content', BAYLINE);
    expect(first.code, first.stderr).toBe(0);
    const file = /: (\/\S+\.bin)\./.exec(first.stdout)?.[1] ?? '';
    expect(first.stdout).toMatch(new RegExp(`^Trained the answer model of ${BAYLINE} in \\d+\\.\\d s: `));
    expect(file.startsWith(join(temp, 'harassment-training-bot', 'model-cache'))).toBe(true);
    expect(existsSync(file)).toBe(true);

    const second = await cli(temp, 'model', 'build', '--content', BAYLINE);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`The answer model of ${BAYLINE} is already built`);
    expect(second.stdout).toContain(`${file}. Nothing to train.`);
  });

  it('is what the console reads: a first start says it is training, a start after model build does not', async () => {
    const first = await console_(freshTemp());
    expect(first.stderr).toContain(TRAINING_NOTICE);
    expect(first.stdout).toContain('Open now: 31 days left.');

    const built = freshTemp();
    expect((await cli(built, 'model', 'build', '--content', BAYLINE)).code).toBe(0);
    const after = await console_(built);
    expect(after.stderr).not.toContain(TRAINING_NOTICE);
    expect(after.stdout).toContain('Open now: 31 days left.');
  });

  it('keeps it where MODEL_CACHE_DIR says, where the console then reads it', async () => {
    const cache = join(freshTemp(), 'models');
    const built = await cliWith(
      { MODEL_CACHE_DIR: cache },
      freshTemp(),
      'model',
      'build',
      '--content',
      BAYLINE,
    );
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(new RegExp(`: ${cache}/intent-model-[0-9a-f]+\\.hti2\\.bin\\.`));
    // Another temporary folder: only MODEL_CACHE_DIR can lead the console to the model.
    const started = await console_(freshTemp(), { MODEL_CACHE_DIR: cache });
    expect(started.stderr).not.toContain(TRAINING_NOTICE);
    expect(started.stdout).toContain('Open now: 31 days left.');
  });

  it('clears the folder of model files it cannot read, and leaves everything else', async () => {
    const cache = join(freshTemp(), 'models');
    mkdirSync(cache);
    const put = (name: string, bytes: number, hoursAgo = 0) => {
      const path = join(cache, name);
      writeFileSync(path, Buffer.alloc(bytes));
      const when = new Date(Date.now() - hoursAgo * 3_600_000);
      utimesSync(path, when, when);
      return path;
    };
    const earlierLayout = put('intent-model-0123456789abcdef.bin', 1024 * 1024);
    const stoppedWrite = put('intent-model-0123456789abcdef.hti2.bin.4242.tmp', 512 * 1024, 2);
    const writing = put('intent-model-fedcba9876543210.hti2.bin.4243.tmp', 1024);
    const otherContent = put('intent-model-fedcba9876543210.hti2.bin', 2048);
    const notOurs = put('notes.txt', 10);
    const build = () =>
      cliWith({ MODEL_CACHE_DIR: cache }, freshTemp(), 'model', 'build', '--content', BAYLINE);
    const first = await build();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      `Removed 2 model file(s) this version cannot read (an earlier layout, or a write stopped half way), 1.5 MB, from ${cache}.`,
    );
    expect([earlierLayout, stoppedWrite].filter(existsSync)).toEqual([]);
    expect([writing, otherContent, notOurs].every(existsSync)).toBe(true);
    const second = await build();
    expect(second.stdout).toContain('Nothing to train.');
    expect(second.stdout).not.toContain('Removed');
  });

  it('fails, naming the folder, when the model cannot be kept', async () => {
    const temp = freshTemp();
    // A file where the cache's folder would be: nothing can be written under it.
    writeFileSync(join(temp, 'harassment-training-bot'), '');
    const { code, stdout, stderr } = await cli(temp, 'model', 'build', '--content', BAYLINE);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toContain(
      `could not be written to ${join(temp, 'harassment-training-bot', 'model-cache')}/`,
    );
    expect(stderr).toContain('each start trains the model again');
  });

  it('stops on content that is not calibrated, saying how to calibrate it', async () => {
    const dir = contentWith();
    rmSync(join(dir, 'calibration.yml'));
    const { code, stderr } = await cli(freshTemp(), 'model', 'build', '--content', dir);
    expect(code).toBe(1);
    expect(stderr).toContain(`${dir}/calibration.yml is missing`);
    expect(stderr).toContain(`npm run calibrate -- --content ${dir}`);
  });

  it('rejects anything but "build" with its usage', async () => {
    const { code, stderr } = await cli(freshTemp(), 'model', 'train');
    expect(code).toBe(1);
    expect(stderr).toContain('Expected "model build"');
    expect(stderr).toContain('Usage: model build [--content DIR]');
  });
});
