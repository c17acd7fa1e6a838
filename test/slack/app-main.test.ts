// `npm start` as the people who run it see it: a real child process, configured by its environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_CONTENT, contentWith } from '../support/content.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'main-'));
let standIn: SlackStandIn;

beforeAll(async () => {
  standIn = await startSlackStandIn({ token: 'xoxb-main-test' });
});
afterAll(async () => {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  // Node itself with tsx as a loader, not the tsx command: that command relays a signal to its child and, when
  // the child does not acknowledge within 30 ms (a loaded CI machine), kills it and exits 143.
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/main.ts')], {
    cwd: REPO,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

async function until<T>(check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start', () => {
  it('serves /healthz in HTTP mode against SLACK_API_URL and stops cleanly on SIGTERM', async () => {
    const app = start({
      SLACK_BOT_TOKEN: 'xoxb-main-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: standIn.url,
      PORT: '0',
      DATABASE_PATH: join(dir, 'main.db'),
    });
    const port = await until(() => /localhost:(\d+)\/healthz/.exec(app.output())?.[1]);
    expect(port).not.toBe('0');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: { ok: true } });
    await standIn.waitForCall('auth.test');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('Stopped.');
  });

  it('says whether it trained the answer model or read it from MODEL_CACHE_DIR, and when it cannot keep it', async () => {
    // The second institution's content: its model trains in seconds.
    const run = async (modelCacheDir: string, database: string) => {
      const app = start({
        SLACK_BOT_TOKEN: 'xoxb-main-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: standIn.url,
        PORT: '0',
        DATABASE_PATH: join(dir, database),
        CONTENT_DIR: join(REPO, 'examples/institutions/bayline'),
        MODEL_CACHE_DIR: modelCacheDir,
      });
      await until(() => /localhost:(\d+)\/healthz/.exec(app.output())?.[1], 60_000);
      app.child.kill('SIGTERM');
      await app.exited;
      return app.output();
    };
    const models = join(dir, 'models');
    const first = await run(models, 'model-1.db');
    expect(first).toContain('No answer model is kept for this content: training it now');
    expect(first).toMatch(
      new RegExp(
        `Answer model trained from the content in \\d+\\.\\d s, kept in ${models} for the next start\\.`,
      ),
    );
    const second = await run(models, 'model-2.db');
    expect(second).not.toContain('training it now');
    expect(second).toMatch(/Answer model read from the model cache in \d+\.\d s\./);
    // A file where the folder should be: the model cannot be kept, and the log says what each start will cost.
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, '');
    const third = await run(blocked, 'model-3.db');
    expect(third).toContain(`could not be kept in ${blocked}: every start will train it again`);
  }, 120_000);

  it('stops at once with exit 1, naming the variable, when the configuration is incomplete', async () => {
    const app = start({ SLACK_BOT_TOKEN: 'not-a-token' });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('SLACK_BOT_TOKEN: is not a bot token');
    expect(app.output()).toContain('SLACK_SIGNING_SECRET: missing');
    expect(app.output()).toContain('Slack setup');
  });

  it('stops with exit 1 and the file:line of a broken content file', async () => {
    const app = start({
      SLACK_BOT_TOKEN: 'xoxb-main-test',
      SLACK_SIGNING_SECRET: 'secret',
      CONTENT_DIR: contentWith(join(BROKEN_CONTENT, 'wrong-type')),
      DATABASE_PATH: join(dir, 'broken.db'),
    });
    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/schedule\.yml:\d+ /);
  });

  it('stops with exit 1 and the file:line of a broken training file, read when the model is trained', async () => {
    // Loading reads the training files for their digest only; no model is kept for these files, so the
    // engine parses them to train one, and start-up stops there, before the database is opened.
    const content = contentWith();
    writeFileSync(
      join(content, 'training', 'x-writer.yml'),
      'writer: x-writer\npersona: test\nwritten: 2026-12-04\nfaq:\n  every-year:\n    - "unclosed\n',
    );
    const app = start({
      SLACK_BOT_TOKEN: 'xoxb-main-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: standIn.url,
      PORT: '0',
      CONTENT_DIR: content,
      DATABASE_PATH: join(dir, 'broken-training.db'),
    });
    expect(await app.exited).toBe(1);
    expect(app.output()).toMatch(/training\/x-writer\.yml:7: YAML syntax: Missing closing "quote/);
    expect(existsSync(join(dir, 'broken-training.db'))).toBe(false);
  });
});
