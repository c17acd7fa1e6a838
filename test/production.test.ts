// The production path as the person who deploys the bot takes it, on this machine: a clean copy of the
// repository, `npm ci`, `npm run build`, `npm prune --omit=dev`, then `npm start` (node dist/main.js, no
// TypeScript, no dev dependency) against the Web API stand-in, answering a signed DM; between them, as the image's
// build does, `harassment-training model build`, so that the start reads the answer model instead of training it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, freshLocation } from './support/engines.js';
import { createSlackAppClient } from './support/slack-app-client.js';
import { type SlackStandIn, startSlackStandIn } from './support/slack-stand-in.js';

const REPO = resolve(import.meta.dirname, '..');
const copy = mkdtempSync(join(tmpdir(), 'production-'));
const SECRET = 'production-secret';
const TOKEN = 'xoxb-production-test';
let standIn: SlackStandIn;
let app: ChildProcess | undefined;
/** What `harassment-training model build` said. */
let built = '';

/** The image's model cache (its MODEL_CACHE_DIR), and a temporary folder where no model is kept. */
const MODELS = join(copy, 'model-cache');
const EMPTY_TMP = join(copy, 'tmp');

const run = (command: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync(command, args, {
    cwd: copy,
    stdio: 'pipe',
    env: { ...process.env, CI: '1', ...env },
  }).toString();

/** Where localPrebuild packed the driver (removed after the run). */
let prebuilds: string | undefined;

/**
 * The SQLite driver's binary as a local prebuild for the copy's `npm ci`, as an offline mirror would serve it.
 * better-sqlite3's install (prebuild-install) looks for `<dir>/<name>-v<version>-node-v<abi>-<platform>-<arch>.tar.gz`
 * before it downloads; with no network to GitHub it compiles SQLite instead, a minute of CPU every CI run. The
 * binary is the one this checkout's `npm ci` got, from the same lock file on the same Node. When it cannot be
 * packed, nothing is set, and `npm ci` fetches or compiles it as on any machine.
 */
function localPrebuild(): Record<string, string> {
  const driver = join(REPO, 'node_modules/better-sqlite3');
  try {
    const { version } = JSON.parse(readFileSync(join(driver, 'package.json'), 'utf8')) as { version: string };
    const dir = join(tmpdir(), `production-prebuilds-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
    execFileSync('tar', ['-czf', join(dir, name), '-C', driver, 'build/Release/better_sqlite3.node']);
    prebuilds = dir;
    return { npm_config_better_sqlite3_local_prebuilds: dir };
  } catch {
    return {};
  }
}

beforeAll(async () => {
  // What a clone has: the tracked files, nothing built, nothing installed.
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: REPO }).toString().split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(REPO, file))) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(REPO, file), join(copy, file));
  }
  run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], localPrebuild());
  run('npm', ['run', 'build']);
  run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund']);
  // As the image's build does (Dockerfile): the answer model into its MODEL_CACHE_DIR, so npm start reads it.
  // Trained into the default cache by the tests' global setup already: copied from there rather than trained.
  const kept = /: (\/\S+\.bin)\./.exec(
    run('npx', ['--offline', 'harassment-training', 'model', 'build']),
  )?.[1];
  if (kept === undefined) throw new Error('model build named no model file');
  mkdirSync(MODELS, { recursive: true });
  mkdirSync(EMPTY_TMP, { recursive: true });
  cpSync(kept, join(MODELS, basename(kept)));
  built = run('npx', ['--offline', 'harassment-training', 'model', 'build'], { MODEL_CACHE_DIR: MODELS });
  standIn = await startSlackStandIn({
    token: TOKEN,
    users: [{ id: 'U0PROD0001', email: 'someone@example.edu' }],
  });
}, 600_000);

afterAll(async () => {
  // The whole group: `npm start` and the node process under it, which killing npm alone would orphan.
  if (app?.pid !== undefined && app.exitCode === null) {
    try {
      process.kill(-app.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await standIn?.close();
  rmSync(copy, { recursive: true, force: true });
  if (prebuilds) rmSync(prebuilds, { recursive: true, force: true });
});

describe('the production build', () => {
  it.each(ENGINES)(
    'has no dev dependency left, and npm start answers a signed DM from dist/ (%s)',
    async (engine) => {
      standIn.reset();
      const database =
        engine === 'sqlite'
          ? { DATABASE_PATH: join(copy, 'data/production.db') }
          : { DATABASE_URL: await freshLocation('postgres') };
      expect(existsSync(join(copy, 'node_modules/tsx'))).toBe(false);
      expect(existsSync(join(copy, 'node_modules/typescript'))).toBe(false);
      expect(existsSync(join(copy, 'dist/main.js'))).toBe(true);
      const child = spawn('npm', ['start', '--silent'], {
        cwd: copy,
        // Its own process group, so that stopping it stops node dist/main.js too.
        detached: true,
        env: {
          PATH: process.env['PATH'] ?? '',
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_API_URL: standIn.url,
          PORT: '0',
          // The model only where MODEL_CACHE_DIR says: the default folder, under this TMPDIR, is empty.
          MODEL_CACHE_DIR: MODELS,
          TMPDIR: EMPTY_TMP,
          ...database,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      app = child;
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const port = await new Promise<string>((resolvePort, reject) => {
        const timer = setInterval(() => {
          const found = /localhost:(\d+)\/healthz/.exec(output)?.[1];
          if (found) {
            clearInterval(timer);
            resolvePort(found);
          }
        }, 50);
        child.on('exit', (code) => reject(new Error(`npm start exited ${code}:\n${output}`)));
      });
      const client = createSlackAppClient({
        eventsUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: SECRET,
        botUserId: standIn.botUserId,
        dmChannelFor: standIn.dmChannelFor,
      });
      const response = await client.sendDirectMessage('U0PROD0001', 'how do I access the training?');
      expect(response.status).toBe(200);
      const reply = await standIn.waitForCall('chat.postMessage', () => true, 20_000);
      expect(String(reply.args['text'])).toContain('pre-training survey');
      expect(output).not.toMatch(/tsx|ERR_MODULE_NOT_FOUND/);
      // The model `model build` kept, read at start-up instead of trained.
      expect(built).toMatch(
        new RegExp(`^The answer model of content is already built \\(read in \\d+\\.\\d s\\): ${MODELS}/`),
      );
      expect(output).toMatch(/Answer model read from the model cache in \d+\.\d s\./);
      const exited = new Promise((done) => child.once('exit', done));
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
    60_000,
  );

  it("runs the CLI as the package's bin, harassment-training, with no dev dependency", () => {
    const env = { ...process.env, CI: '1', DATABASE_PATH: join(copy, 'data/bin.db') };
    const out = (args: string[]) =>
      execFileSync('npx', ['--offline', 'harassment-training', ...args], {
        cwd: copy,
        stdio: 'pipe',
        env,
      }).toString();
    expect(out(['content', 'check', '--no-review'])).toContain('is valid.');
    expect(out(['help'])).toContain('content check');
    expect(existsSync(join(copy, 'node_modules/tsx'))).toBe(false);
  }, 60_000);
});
