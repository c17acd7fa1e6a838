// The offline console as a person uses it in a real terminal: started in a tmux pane, typed into with
// send-keys, read back with capture-pane. Asserts the `you>` prompt, the echo of what was typed and the answer.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const cwd = mkdtempSync(join(tmpdir(), 'console-tty-'));
// A server of our own (-L), so the test neither sees nor disturbs anyone else's tmux sessions.
const SOCKET = `console-test-${process.pid}`;
const SESSION = 'console';

/** Where tmux is, or null: the test then fails saying how to install it (it must not skip silently). */
function findTmux(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}
const TMUX = findTmux();

const tmux = (...args: string[]) =>
  execFileSync(TMUX ?? 'tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });

/** The pane as a person sees it, with lines that wrapped joined back (-J). */
const screen = () => tmux('capture-pane', '-p', '-J', '-t', SESSION);

/** Polls the pane until `done` holds (the console starts a TypeScript runtime and trains its ranker). */
async function waitFor(done: (text: string) => boolean, what: string, ms = 60_000): Promise<string> {
  const until = Date.now() + ms;
  let text = '';
  while (Date.now() < until) {
    text = screen();
    if (done(text)) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}. The pane shows:\n${text}`);
}

/** Types a line as a person would: the characters, then Enter. */
function type(line: string) {
  tmux('send-keys', '-t', SESSION, '-l', line);
  tmux('send-keys', '-t', SESSION, 'Enter');
}

const count = (text: string, fragment: string) => text.split(fragment).length - 1;

const NO_TMUX =
  'tmux is not installed, and this test drives the console in a real terminal through it: ' +
  'install it (apt-get install tmux; .ci/run does this when it can).';

/** Each test fails, never skips, without tmux: a terminal that was never tried is not a terminal that works. */
function requireTmux() {
  expect(TMUX, NO_TMUX).not.toBeNull();
}

beforeAll(() => {
  if (TMUX === null) return;
  // remain-on-exit keeps the pane readable after /quit; a wide pane keeps answers on few lines.
  tmux(
    'new-session',
    '-d',
    '-s',
    SESSION,
    '-x',
    '200',
    '-y',
    '80',
    '-c',
    cwd,
    `${TSX} ${join(REPO, 'src/console/main.ts')} --content ${join(REPO, 'content')}`,
  );
  tmux('set-option', '-t', SESSION, 'remain-on-exit', 'on');
});

afterAll(() => {
  if (TMUX !== null) spawnSync(TMUX, ['-L', SOCKET, 'kill-server']);
  rmSync(cwd, { recursive: true, force: true });
});

describe('npm run console in a terminal (tmux)', () => {
  it('shows the you> prompt, echoes what is typed, answers, and prompts again', async () => {
    requireTmux();
    const start = await waitFor((t) => /^you> $/m.test(t), 'the first you> prompt');
    expect(start).toContain('Offline console (demo roster: 45 people');

    type('do I need to take it?');
    const answered = await waitFor(
      (t) => t.includes('Open now: 7 days left') && count(t, 'you>') >= 2,
      'the answer and the next prompt',
    );
    // The echo: what was typed stays on the prompt line, as in any shell.
    expect(answered).toMatch(/^you> do I need to take it\?$/m);
    expect(answered).toContain('Do you need to take it? Yes.');
    // The next prompt comes after the answer, waiting on a line of its own.
    const after = answered.slice(answered.indexOf('Open now: 7 days left'));
    expect(after).toMatch(/^you> $/m);
  }, 90_000);

  it('runs a command typed alone, as in a DM', async () => {
    requireTmux();
    type('contacts');
    const shown = await waitFor((t) => t.includes('WHO TO CONTACT') && count(t, 'you>') >= 3, 'contacts');
    expect(shown).toMatch(/^you> contacts\nWHO TO CONTACT$/m);
  }, 90_000);

  it('leaves on /quit', async () => {
    requireTmux();
    type('/quit');
    const last = await waitFor((t) => t.includes('Bye.'), 'Bye.');
    expect(last).toMatch(/^you> \/quit$/m);
  }, 90_000);
});
