// The `ask` command as other tools call it: a real process, questions on stdin, JSON lines out.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnswerEngine, MODEL_CACHE_DIR } from '../../src/answer/index.js';
import { formatForTerminal } from '../../src/cli/ask.js';
import { loadContent } from '../../src/content/load.js';
import { ANSWER_TEXT } from '../../src/text/messages.js';
import { contentWith, SHIPPED_CONTENT } from '../support/content.js';

const ROOT = resolve(import.meta.dirname, '../..');

function ask(args: string[], stdin = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ask', ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
    // The shipped content unless the test says otherwise, whatever the caller's environment.
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CONTENT_DIR')),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli ask --jsonl', () => {
  it('writes one JSON object per question line, in order', () => {
    const { status, stdout } = ask(
      ['--jsonl'],
      "do i have to do this if i'm on sabbatical\n\nwhat's the wifi password\nmy manager groped me in the elevator\nhello\n",
    );
    expect(status).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.question, l.kind, l.faq?.id ?? null])).toEqual([
      ["do i have to do this if i'm on sabbatical", 'faq', 'sabbatical-leave'],
      ["what's the wifi password", 'unknown', null],
      ['my manager groped me in the elevator', 'sensitive', null],
      ['hello', 'greeting', null],
    ]);
    const [sabbatical] = lines;
    expect(sabbatical.faq.question).toBe(
      'Do I have to complete this training while on sabbatical or junior faculty leave?',
    );
    expect(sabbatical.score).toBeGreaterThan(0);
    expect(sabbatical.score).toBeLessThanOrEqual(1);
    expect(sabbatical.text).toContain('the sabbatical abroad contact (address not yet published)');
    expect(sabbatical.band).toBe('answer');
    expect(Object.keys(sabbatical).sort()).toEqual([
      'answers',
      'band',
      'faq',
      'kind',
      'question',
      'questionsLeft',
      'score',
      'suggestions',
      'text',
    ]);
    expect(sabbatical.questionsLeft).toBe(0);
    // One question: `answers` holds that one answer, in the same fields as the top level.
    expect(sabbatical.answers).toHaveLength(1);
    expect(sabbatical.answers[0].faq.id).toBe('sabbatical-leave');
    for (const s of sabbatical.suggestions) expect(Object.keys(s).sort()).toEqual(['id', 'question']);
  });

  it('answers every question of a line, in order, in `answers`; the top level is the first', () => {
    const { status, stdout } = ask(
      ['--jsonl'],
      'can i do it during work hours? and can i go back to the modules later?\n',
    );
    expect(status).toBe(0);
    const line = JSON.parse(stdout);
    expect(line.faq.id).toBe('working-hours');
    expect(line.answers.map((a: { faq: { id: string } }) => a.faq.id)).toEqual([
      'working-hours',
      'return-to-modules',
    ]);
    // Four numbered questions on one line: the first three answered, the fourth counted.
    const four = JSON.parse(
      ask(
        ['--jsonl'],
        '1. can I do it during working hours 2. will it be every year 3. can I take more than one of the courses 4. how do I know I completed it\n',
      ).stdout,
    );
    expect(four.answers).toHaveLength(3);
    expect(four.questionsLeft).toBe(1);
  });

  it('reads the content folder given with --content', () => {
    const dir = contentWith();
    const { status, stdout } = ask(['--jsonl', '--content', dir], 'is this an annual thing\n');
    expect(status).toBe(0);
    expect(JSON.parse(stdout).faq.id).toBe('every-year');
  });

  it('fails with the content problems when the folder is broken', () => {
    const { status, stderr } = ask(['--jsonl', '--content', '/nonexistent-content'], 'hi\n');
    expect(status).toBe(1);
    expect(stderr).toContain('cannot read the file');
  });
});

describe('cli ask "question"', () => {
  it('prints the answer for a person, with related questions', () => {
    const { status, stdout } = ask(['can I get an extension']);
    expect(status).toBe(0);
    expect(stdout).toContain('Please email the completion time contact (address not yet published)');
    expect(stdout).toContain('Related questions:');
    expect(stdout).not.toContain('{{contact');
  });

  it('lists the entries offered under the careful reply and under the status, after the line that introduces them', () => {
    const content = loadContent(SHIPPED_CONTENT);
    const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });
    const entry = content.faq.entries.find((e) => e.id === 'technical-difficulties');
    if (!entry) throw new Error('the shipped FAQ has no technical-difficulties entry');
    const offered = [{ id: entry.id, question: entry.question }];
    const careful = engine.answer('my supervisor keeps touching me and i feel unsafe');
    const status = engine.answer('do I need to take it?');
    expect([careful.kind, status.kind]).toEqual(['sensitive', 'personal']);
    for (const [answer, intro] of [
      [careful, ANSWER_TEXT.ifAboutTraining],
      [status, ANSWER_TEXT.ifInGeneral],
    ] as const) {
      const shown = formatForTerminal({
        ...answer,
        text: `${answer.text}\n${intro}`,
        suggestions: offered,
      });
      expect(shown.indexOf(`• ${entry.question}`)).toBeGreaterThan(shown.indexOf(intro));
    }
  });

  it('refuses a question together with --jsonl', () => {
    const { status, stderr } = ask(['--jsonl', 'what is this']);
    expect(status).toBe(1);
    expect(stderr).toContain('--jsonl reads questions from stdin');
  });
});
