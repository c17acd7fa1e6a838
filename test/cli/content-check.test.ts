// The real CLI, as a person runs it: `npm run --silent cli -- content check`.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BROKEN_CONTENT, contentWith } from '../support/content.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// The full check reads every writer's phrasings with a model trained without that writer's fold of writers (eight
// models, from the model cache the tests' global setup fills).
describe('cli content check', { timeout: 180_000 }, () => {
  it('passes the shipped content and lists the placeholders, run exactly as the README prints it', async () => {
    // The README's command itself (readme.test.ts leaves it to this test: the full check reads every phrasing through
    // eight fold models, eight seconds with the readings the tests' global setup keeps, half a minute without).
    const { stdout } = await run('sh', ['-c', 'npm run --silent cli -- content check'], { cwd: ROOT });
    expect(stdout).toMatch(/placeholder\(s\) still to fill in/);
    expect(stdout).toMatch(/^Content in content is valid\.$/m);
    expect(stdout).toMatch(/content\/contacts\.yml:\d+ contact "idhr"/);
  });

  it.each([
    'yaml-syntax',
    'wrong-type',
    'unknown-reference',
    'duplicate-id',
    'window-order',
    'undeclared-role',
  ])('exits 1 with file:line for %s', async (fixture) => {
    const dir = contentWith(join(BROKEN_CONTENT, fixture));
    const { code, stderr } = await cli('content', 'check', '--content', dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`${dir}/schedule\\.yml:\\d+[ :]`));
  });

  it('names the file and line of a role that policy.yml does not declare, and the roles it does', async () => {
    const dir = contentWith(join(BROKEN_CONTENT, 'undeclared-role'));
    const { code, stderr } = await cli('content', 'check', '--no-review', '--content', dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${dir}/schedule.yml:19 groups.0.members.1.role: unknown role "postdoc" (known: faculty, staff, graduate_student, other): declare it in policy.yml "roles"`,
    );
  });

  it('names the file and line of a leave that policy.yml does not declare, and the leaves it does', async () => {
    const dir = contentWith();
    const file = join(dir, 'policy.yml');
    const declared = 'when: { leave: [sabbatical, junior_faculty_leave] }';
    const policy = readFileSync(file, 'utf8');
    writeFileSync(file, policy.replace(declared, 'when: { leave: [sabbatical, study_leave] }'));
    const line = policy.slice(0, policy.indexOf(declared)).split('\n').length;
    const { code, stderr } = await cli('content', 'check', '--no-review', '--content', dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${file}:${line} stillRequired.2.when.leave.1: unknown leave "study_leave" (known: sabbatical, junior_faculty_leave): declare it in policy.yml "leaves"`,
    );
  });

  it('reads CONTENT_DIR when --content is not given', async () => {
    const dir = contentWith(join(BROKEN_CONTENT, 'window-order'));
    const { stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'content', 'check'],
      {
        cwd: ROOT,
        env: { ...process.env, CONTENT_DIR: dir },
      },
    ).catch((e: { stderr: string }) => e);
    expect(stderr).toContain(`${dir}/schedule.yml:13 groups.0.window.end`);
  });

  it('fails, naming the fix, when calibration.yml is missing or was read for other training data', async () => {
    const missing = contentWith();
    rmSync(join(missing, 'calibration.yml'));
    const gone = await cli('content', 'check', '--no-review', '--content', missing);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`${missing}/calibration.yml: error: missing`);
    expect(gone.stderr).toContain(`npm run calibrate -- --content ${missing}`);

    const changed = contentWith();
    writeFileSync(
      join(changed, 'training', 'w-new.yml'),
      'writer: w-new\npersona: a new writer\nwritten: 2026-12-04\nfaq:\n  every-year:\n    - "is this a yearly thing"\n',
    );
    const stale = await cli('content', 'check', '--no-review', '--content', changed);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /calibration\.yml:1 fingerprint: error: the cut-offs were read for other training data/,
    );
  });

  it('rejects an unknown subcommand with its usage', async () => {
    const { code, stderr } = await cli('content', 'frobnicate');
    expect(code).toBe(1);
    expect(stderr).toContain('Usage: content check');
  });
});
