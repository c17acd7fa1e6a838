// Every command the README shows, run as written in a copy of the repository as a clone has it (the tracked
// files, nothing built, no data), in the table's order, each with the exit code and an output fragment it
// must give. Commands that need Slack run against the Web API and Socket Mode stand-ins (SLACK_API_URL); the
// few that are not run here are listed with the reason. A command added to the README without a row here,
// or a row whose command the README no longer has, fails the first test.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn } from './support/slack-stand-in.js';
import { APP_TOKEN } from './support/slack-transport.js';
import { type SocketModeStandIn, startSocketModeStandIn } from './support/socket-mode-stand-in.js';

const REPO = resolve(import.meta.dirname, '..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const BOT_TOKEN = 'xoxb-readme-test';
const SECRET = 'readme-signing-secret';

interface Run {
  /** Exactly as the README shows it (an inline command, or a line of a `sh` block without its comment). */
  command: string;
  exit: number;
  /** What the output (stdout and stderr) must contain; for a server, what GET /healthz answers. */
  output: string;
  /** What is typed or piped in. */
  stdin?: string;
  /** A long-running server: started, asked /healthz, then stopped. */
  server?: boolean;
}
interface Excluded {
  command: string;
  excluded: string;
}
type Row = Run | Excluded;

// biome-ignore format: one line per command
const ROWS: Row[] = [
  // Quick start
  { command: 'npm ci && npm run console', exit: 0, output: 'Do you need to take it? Yes.', stdin: 'do I need to take it?\n' },
  { command: 'npm ci && npm test', excluded: '.ci/run runs exactly this; run here, the suite would run itself' },
  // Run it offline
  { command: 'npm run console', exit: 0, output: 'You are Bram Placeholder <bram.placeholder@example.edu>, faculty, Imaginary Physics. Today is 2021-02-10.', stdin: '/whoami\n' },
  { command: 'npm run console -- --as yuri.student@example.edu --on 2021-04-12', exit: 0, output: 'Today is 2021-04-12.', stdin: 'do I need to take it?\n' },
  { command: "printf 'do I need to take it?\\n' | npm run --silent console", exit: 0, output: 'you> do I need to take it?\nYOUR TRAINING STATUS' },
  // Content
  { command: 'npm run --silent cli -- content check', excluded: 'test/cli/content-check.test.ts runs exactly this and checks its output (the full check reads every phrasing through eight fold models: once is enough)' },
  // Bring your own institution
  { command: 'npm run --silent cli -- content check --content examples/institutions/bayline', exit: 0, output: 'Content in examples/institutions/bayline is valid.' },
  { command: "printf 'do I need to take it?\\n' | npm run --silent console -- --content examples/institutions/bayline --on 2026-12-04", exit: 0, output: 'Open now: 31 days left. The deadline is the end of Monday, January 4, 2027' },
  // The roster, reminders and reports (the database is data/harassment-training.db from here on)
  { command: 'npm run --silent cli -- help', exit: 0, output: 'Commands:' },
  { command: 'npm run --silent cli -- remind --help', exit: 0, output: 'Example:\n  npm run --silent cli -- remind ' },
  { command: 'npm run console -- --db data/harassment-training.db', exit: 1, output: 'no such database file. Import the roster into it first' },
  { command: 'npm run --silent cli -- roster import examples/roster.csv', exit: 0, output: '45 people. 45 added' },
  { command: 'npm run --silent cli -- completions import examples/completions.csv', exit: 0, output: '18 rows. 18 recorded' },
  { command: 'npm run --silent cli -- roster show bram.placeholder@example.edu --on 2021-02-20', exit: 0, output: 'Overdue by 3 days' },
  { command: 'npm run --silent cli -- status --profile examples/profile.json --on 2021-02-10', exit: 0, output: 'Do you need to take it? Yes.\n' },
  { command: 'npm run --silent cli -- access grant rhea.admin@example.edu admin', exit: 0, output: 'rhea.admin@example.edu' },
  { command: 'npm run --silent cli -- db backup backup.db', exit: 0, output: 'Backed up' },
  { command: 'npm run --silent cli -- remind --group all-schools --state overdue --template overdue --dry-run --on 2021-02-20', exit: 0, output: 'Dry run' },
  { command: 'npm run --silent cli -- remind --schedule --on 2021-02-08', exit: 0, output: 'deadline-in-7-days (All Schools (including Faculty))' },
  { command: 'SLACK_BOT_TOKEN=xoxb-… npm run --silent cli -- remind --state due-within --days 7 --template due-soon --as rhea.admin@example.edu --on 2021-02-10', exit: 0, output: '(Your deadline is coming up) finished.' },
  { command: 'npm run --silent cli -- report --department "Imaginary Physics" --csv report.csv', exit: 0, output: 'report.csv' },
  { command: 'npm run --silent cli -- report --on 2021-02-20', exit: 0, output: 'Completion as of 2021-02-20:' },
  { command: 'npm run --silent cli -- report --chart data/report.png --on 2021-02-20', exit: 0, output: 'data/report.png' },
  { command: 'npm run --silent cli -- report --history', exit: 0, output: 'import' },
  // Slack setup: the app itself, after the build
  { command: 'npm run build', exit: 0, output: '' },
  { command: 'SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… npm start', exit: 0, output: '"database":{"ok":true}', server: true },
  { command: 'SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… npm start', exit: 0, output: '"socket":{"connected":true}', server: true },
  // Data and privacy: a question the console keeps (a 👎), then what content editors run
  { command: 'npm run console -- --db data/harassment-training.db', exit: 0, output: 'Thanks for the feedback', stdin: 'can I take the training while on sabbatical in a country with bad internet?\n4\n' },
  { command: 'npm run --silent cli -- misses', exit: 0, output: '#1  ×1  can I take the training while on sabbatical in a country with bad internet?' },
  { command: 'npm run --silent cli -- misses promote 1 --to sabbatical-leave', exit: 0, output: '`sabbatical-leave:`' },
  { command: 'npm run --silent cli -- stats', exit: 0, output: 'sabbatical-leave  👍 0  👎 1' },
  // Operating it and Quality and speed: figures, not pass/fail, and minutes of CPU each
  { command: 'npm run bench:slack', excluded: 'a benchmark (2,000 DMs): prints figures, not pass/fail; the receiver it drives is tested in test/slack/' },
  { command: 'npm run eval', excluded: 'over a minute of CPU; test/answer/eval.test.ts asserts the same metrics on the same sets' },
  { command: 'npm run eval -- --only-sets --questions FILE', excluded: 'FILE is a set of your own; test/answer/eval.test.ts runs it on a set it writes and checks what it prints' },
  { command: 'npm run eval -- --ablation', excluded: 'hours of CPU (fifteen rows, one fold per writer each for the five that change the model)' },
  { command: 'npm run eval -- --ablation --folds groups --questions test/eval/conversation.yml', excluded: 'the README table is its output: about an hour of one core (eight folds a row; 57 minutes in round 36)' },
  { command: 'npm run calibrate', excluded: 'rewrites content/calibration.yml; content check and test/answer/learned.test.ts fail when it is stale' },
  { command: 'npm run calibrate -- --content DIR', excluded: 'the same for another content folder (its own calibration.yml); test/cli/content-check.test.ts runs content check on one without it' },
  { command: 'npm run eval:baselines', excluded: 'prints the baselines\' figures for comparison, nothing to assert' },
  { command: 'npm run eval:baselines -- --cross-validate', excluded: 'minutes of CPU on the shipped content (24 models); test/answer/baselines-cv.test.ts runs the same comparison on the second institution\'s folder' },
  { command: 'npm run bench', excluded: 'a benchmark (10,000 questions): prints figures, not pass/fail' },
  { command: 'npm run bench:store', excluded: 'a benchmark (a 20,000-person roster): prints figures, not pass/fail' },
  { command: 'npm run bench:broadcast', excluded: 'a benchmark (a 20,000-person campaign): prints figures, not pass/fail' },
  { command: 'npm run console -- --content content-next', excluded: 'content-next is the copy an editor makes when bringing in a new cycle; test/cycle/ runs the console on test/fixtures/cycle-2025-26' },
  { command: 'npm run warm-cache', excluded: 'trains the model and its leave-one-writer-out folds (one per writer) into the cache: some forty minutes on two cores, for npm run calibrate and npm run eval' },
  { command: 'npm run warm-cache -- --folds groups', excluded: "trains the model and its eight folds of writers into the cache: the tests' global setup runs it (test/support/model-setup.ts)" },
  { command: 'npx harassment-training model build', excluded: 'the built bin: test/production.test.ts runs it after npm prune --omit=dev, then checks that npm start read the model it kept' },
  { command: 'npx harassment-training help', excluded: 'the built bin: test/production.test.ts runs it after npm prune --omit=dev' },
  { command: 'npm ci && npm run build && npm prune --omit=dev', excluded: 'test/production.test.ts runs exactly this in a clean copy, then npm start from dist/' },
  { command: 'npm run bench:chart', excluded: 'a benchmark (the chart drawn 20 times): prints figures, not pass/fail' },
  { command: 'npm run --silent cli -- content check --content content-next', excluded: 'content-next is the copy an editor makes in step 1 of bringing in a new cycle; the same check runs on the shipped content above and on test/fixtures/cycle-2025-26 in test/cycle/' },
];

/** The README's commands: each line of a `sh` block (comment removed), and each inline command line. */
function readmeCommands(markdown: string): string[] {
  const found: string[] = [];
  for (const block of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    for (const line of (block[1] ?? '').split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command !== '') found.push(command);
    }
  }
  const prose = markdown.replace(/^```[\s\S]*?^```$/gm, '');
  for (const span of prose.matchAll(/`([^`\n]+)`/g)) {
    const command = span[1] ?? '';
    // `npm start` or `SLACK_API_URL` alone in a sentence names a command or a variable; a line to type has more.
    if (/^(npm run |printf |[A-Z_]+=\S+ )/.test(command)) found.push(command);
  }
  return found;
}

const copy = mkdtempSync(join(tmpdir(), 'readme-'));
let standIn: SlackStandIn;
let socket: SocketModeStandIn;
const servers: ChildProcess[] = [];

beforeAll(async () => {
  // What a clone has: the tracked files, nothing built, no data. node_modules is the one `npm ci` installed
  // here from the same lock file (test/production.test.ts runs `npm ci` itself in a clean copy).
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: REPO }).toString().split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(REPO, file), join(copy, file));
  }
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const roster = readFileSync(join(REPO, 'examples/roster.csv'), 'utf8').trim().split('\n').slice(1);
  standIn = await startSlackStandIn({
    token: BOT_TOKEN,
    users: roster.map((line, i) => ({
      id: `U0README${String(i).padStart(3, '0')}`,
      email: line.split(',')[0] ?? '',
    })),
  });
  socket = await startSocketModeStandIn({ webApi: standIn, appToken: APP_TOKEN });
});

afterAll(async () => {
  for (const server of servers) stop(server);
  await socket?.close();
  await standIn?.close();
  rmSync(copy, { recursive: true, force: true });
});

/** The environment of a fresh shell: no DATABASE_PATH or CONTENT_DIR, so every default is the README's. */
function shellEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? copy,
    SLACK_API_URL: standIn.url,
    PORT: '0',
  };
}

/** The command with its placeholders filled in: the stand-ins' tokens, and `npm ci` already done. */
function asRun(command: string): string {
  return command
    .replace(/^npm ci && /, '')
    .replaceAll('xoxb-…', BOT_TOKEN)
    .replaceAll('xapp-…', APP_TOKEN)
    .replaceAll('SLACK_SIGNING_SECRET=…', `SLACK_SIGNING_SECRET=${SECRET}`);
}

function stop(server: ChildProcess) {
  // npm starts node under a shell: the whole process group goes.
  if (server.pid !== undefined && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

async function runServer(command: string): Promise<{ exit: number; output: string }> {
  const child = spawn('sh', ['-c', asRun(command)], {
    cwd: copy,
    env: shellEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    const end = Date.now() + 60_000;
    for (;;) {
      const port = /localhost:(\d+)\/healthz/.exec(log)?.[1];
      if (port) {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        const body = await response.text();
        if (response.status === 200) return { exit: 0, output: body };
      }
      if (child.exitCode !== null) return { exit: child.exitCode, output: log };
      if (Date.now() > end) return { exit: -1, output: `no healthy /healthz within 60 s:\n${log}` };
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    stop(child);
  }
}

/** Runs one command to its end. Not spawnSync: the stand-ins answer from this process, which must stay awake. */
function runCommand(command: string, stdin: string | undefined): Promise<{ exit: number; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('sh', ['-c', asRun(command)], { cwd: copy, env: shellEnv() });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ exit: code ?? -1, output }));
    child.stdin.end(stdin ?? '');
  });
}

describe('the README, command by command', () => {
  it('has a row here for every command it shows, and shows every command here', () => {
    const inReadme = [...new Set(readmeCommands(README))].sort();
    const inTable = [...new Set(ROWS.map((r) => r.command))].sort();
    expect(inTable).toEqual(inReadme);
  });

  it('documents the profile file with the example file itself', () => {
    const example = readFileSync(join(REPO, 'examples/profile.json'), 'utf8');
    expect(README).toContain(`\`examples/profile.json\`:\n\n\`\`\`json\n${example}\`\`\``);
  });

  it('renders the lines after the scopes table as a paragraph, not as table rows', () => {
    const after = README.slice(README.indexOf('| `users:read.email` |'));
    const [row, blank, paragraph] = after.split('\n');
    expect(row).toMatch(/^\| .* \|$/);
    expect(blank).toBe('');
    expect(paragraph).toMatch(/^Events: /);
  });

  it.each(ROWS.filter((r): r is Run => !('excluded' in r)).map((r, i) => [i + 1, r.command, r] as const))(
    '%i. %s',
    async (_n, command, row) => {
      const { exit, output } = row.server ? await runServer(command) : await runCommand(command, row.stdin);
      expect({ exit, output }).toEqual({ exit: row.exit, output: expect.stringContaining(row.output) });
    },
    180_000,
  );

  it('sent the reminders through the Web API stand-in, to the people due within 7 days', () => {
    const posted = standIn.callsTo('chat.postMessage');
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.every((c) => c.response['ok'] === true)).toBe(true);
  });

  it('says why each command it does not run is left out', () => {
    for (const row of ROWS) if ('excluded' in row) expect(row.excluded.length).toBeGreaterThan(20);
  });
});
