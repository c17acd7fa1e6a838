// The configuration over an injected env: the app's (HTTP and Socket Mode), the CLI's and the console's parts,
// one default per setting, and errors that name each bad variable.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CliConfig,
  type Config,
  ConfigError,
  type Env,
  loadCliConfig,
  loadConfig,
  loadConsoleConfig,
} from '../../src/config.js';

const HTTP: Env = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'f00dfeed' };

function problems(env: Env, load: (env: Env) => unknown = loadConfig): string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error('loadConfig accepted the env');
}

describe('loadConfig', () => {
  it('reads HTTP mode with every default', () => {
    expect(loadConfig(HTTP)).toEqual<Config>({
      slack: {
        botToken: 'xoxb-1-abc',
        connection: { mode: 'http', signingSecret: 'f00dfeed' },
        apiUrl: 'https://slack.com/api/',
      },
      port: 3000,
      databasePath: './data/harassment-training.db',
      databasePoolSize: 10,
      contentDir: 'content',
      modelCacheDir: join(tmpdir(), 'harassment-training-bot', 'model-cache'),
      missesRetentionDays: 30,
      logLevel: LogLevel.INFO,
      broadcast: { ratePerMinute: 300, requestTimeoutMs: 30_000 },
      reminders: 'off',
      leaseTtlMs: 30_000,
      metrics: 'on',
    });
  });

  it('takes DATABASE_URL for PostgreSQL, refusing it beside DATABASE_PATH or when it is not a URL', () => {
    const url = 'postgres://bot:secret@db.internal:5432/training';
    expect(loadConfig({ ...HTTP, DATABASE_URL: url }).databasePath).toBe(url);
    expect(loadCliConfig({ DATABASE_URL: url }).databasePath).toBe(url);
    expect(problems({ ...HTTP, DATABASE_URL: url, DATABASE_PATH: 'bot.db' })).toEqual([
      'DATABASE_PATH: is set as well as DATABASE_URL: set only one (DATABASE_URL for PostgreSQL, DATABASE_PATH for a SQLite file)',
    ]);
    expect(problems({ ...HTTP, DATABASE_URL: 'mysql://db/x' })).toEqual([
      'DATABASE_URL: is not a postgres:// URL (postgres://user:password@host:5432/database)',
    ]);
    expect(problems({ ...HTTP, DATABASE_URL: 'postgres://user:password@…/training' })).toEqual([
      'DATABASE_URL: still has the "…" of the README example: put the real host, user and database in',
    ]);
  });

  it('reads the size of the PostgreSQL pool (DATABASE_POOL_SIZE)', () => {
    expect(loadConfig({ ...HTTP, DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
    expect(problems({ ...HTTP, DATABASE_POOL_SIZE: '0' })).toHaveLength(1);
  });

  it('reads how long a replica holds its jobs (LEASE_TTL_MS)', () => {
    expect(loadConfig({ ...HTTP, LEASE_TTL_MS: '5000' }).leaseTtlMs).toBe(5000);
    expect(problems({ ...HTTP, LEASE_TTL_MS: '10' })).toHaveLength(1);
  });

  it('serves GET /metrics unless METRICS=off', () => {
    expect(loadConfig({ ...HTTP, METRICS: 'off' }).metrics).toBe('off');
    expect(loadConfig({ ...HTTP, METRICS: 'ON' }).metrics).toBe('on');
    expect(problems({ ...HTTP, METRICS: 'no' })).toEqual([
      'METRICS: "no" is not on or off (GET /metrics: on by default)',
    ]);
  });

  it('sends no automatic reminders unless REMINDERS=auto', () => {
    expect(loadConfig(HTTP).reminders).toBe('off');
    expect(loadConfig({ ...HTTP, REMINDERS: 'auto' }).reminders).toBe('auto');
    expect(problems({ ...HTTP, REMINDERS: 'yes' })).toEqual([
      'REMINDERS: "yes" is not off or auto (automatic reminders: off by default)',
    ]);
  });

  it.each(['xoxb-…', 'xoxb-...', 'xoxb-xxxxxxxx'])(
    'refuses the README placeholder %j as a bot token',
    (token) => {
      expect(problems({ ...HTTP, SLACK_BOT_TOKEN: token })).toEqual([
        'SLACK_BOT_TOKEN: is the placeholder from the README, not a token: copy the Bot User OAuth Token from "OAuth & Permissions"',
      ]);
    },
  );

  it('switches to Socket Mode when SLACK_APP_TOKEN is set, with or without a signing secret', () => {
    expect(
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' }).slack.connection,
    ).toEqual({
      mode: 'socket',
      appToken: 'xapp-1-A1-2-abc',
    });
    expect(loadConfig({ ...HTTP, SLACK_APP_TOKEN: 'xapp-1' }).slack.connection.mode).toBe('socket');
  });

  it.each<[string, Env, Partial<Config> | Record<string, unknown>]>([
    ['PORT', { PORT: '8080' }, { port: 8080 }],
    ['PORT 0 (any free port)', { PORT: '0' }, { port: 0 }],
    [
      'DATABASE_PATH',
      { DATABASE_PATH: '/var/lib/bot/db.sqlite' },
      { databasePath: '/var/lib/bot/db.sqlite' },
    ],
    ['CONTENT_DIR', { CONTENT_DIR: 'content-2023' }, { contentDir: 'content-2023' }],
    ['MISSES_RETENTION_DAYS', { MISSES_RETENTION_DAYS: '7' }, { missesRetentionDays: 7 }],
    [
      'BROADCAST_RATE_PER_MINUTE',
      { BROADCAST_RATE_PER_MINUTE: '120' },
      { broadcast: { ratePerMinute: 120, requestTimeoutMs: 30_000 } },
    ],
    ['LOG_LEVEL', { LOG_LEVEL: 'debug' }, { logLevel: LogLevel.DEBUG }],
    ['LOG_LEVEL in capitals', { LOG_LEVEL: 'WARN' }, { logLevel: LogLevel.WARN }],
    ['an empty value as unset', { PORT: '', LOG_LEVEL: ' ' }, { port: 3000, logLevel: LogLevel.INFO }],
  ])('reads %s', (_name, env, expected) => {
    expect(loadConfig({ ...HTTP, ...env })).toMatchObject(expected);
  });

  it.each([
    ['https://slack-gov.com/api/', 'https://slack-gov.com/api/'],
    ['https://slack-gov.com/api', 'https://slack-gov.com/api/'],
    ['http://127.0.0.1:4567/api', 'http://127.0.0.1:4567/api/'],
  ])('takes SLACK_API_URL %s as %s (a missing final slash is added)', (value, apiUrl) => {
    expect(loadConfig({ ...HTTP, SLACK_API_URL: value }).slack.apiUrl).toBe(apiUrl);
  });

  it.each<[string, Env, string[]]>([
    [
      'an empty env',
      {},
      [
        'SLACK_BOT_TOKEN: missing; set it to the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"',
        'SLACK_SIGNING_SECRET: missing; HTTP mode needs the Signing Secret from "Basic Information" (or set SLACK_APP_TOKEN for Socket Mode)',
      ],
    ],
    [
      'a user token as the bot token',
      { ...HTTP, SLACK_BOT_TOKEN: 'xoxp-123' },
      [
        'SLACK_BOT_TOKEN: is not a bot token: it must start with "xoxb-" (the Bot User OAuth Token, not a user or app token)',
      ],
    ],
    [
      'a bot token as the app token',
      { ...HTTP, SLACK_APP_TOKEN: 'xoxb-1' },
      [
        'SLACK_APP_TOKEN: is not an app-level token: it must start with "xapp-" (Basic Information → App-Level Tokens)',
      ],
    ],
    [
      'a signing secret with a space in it',
      { ...HTTP, SLACK_SIGNING_SECRET: 'abc def' },
      ['SLACK_SIGNING_SECRET: contains whitespace; copy the Signing Secret again'],
    ],
    [
      'a port that is not a number',
      { ...HTTP, PORT: 'http' },
      ['PORT: "http" is not a port (a whole number from 0 to 65535)'],
    ],
    [
      'a port out of range',
      { ...HTTP, PORT: '70000' },
      ['PORT: "70000" is not a port (a whole number from 0 to 65535)'],
    ],
    [
      'an API URL that is not a URL',
      { ...HTTP, SLACK_API_URL: 'slack.com/api' },
      ['SLACK_API_URL: "slack.com/api" is not an http(s) URL such as https://slack.com/api/'],
    ],
    [
      'an API URL with another scheme',
      { ...HTTP, SLACK_API_URL: 'ftp://slack.com/api/' },
      ['SLACK_API_URL: "ftp://slack.com/api/" is not an http(s) URL such as https://slack.com/api/'],
    ],
    [
      'a broadcast rate that is not a number',
      { ...HTTP, BROADCAST_RATE_PER_MINUTE: 'fast' },
      [
        'BROADCAST_RATE_PER_MINUTE: "fast" is not a number of messages per minute (a whole number from 1 to 60000)',
      ],
    ],
    [
      'a retention of zero days',
      { ...HTTP, MISSES_RETENTION_DAYS: '0' },
      ['MISSES_RETENTION_DAYS: "0" is not a number of days (a whole number from 1 to 3650)'],
    ],
    [
      'a fractional retention',
      { ...HTTP, MISSES_RETENTION_DAYS: '1.5' },
      ['MISSES_RETENTION_DAYS: "1.5" is not a number of days (a whole number from 1 to 3650)'],
    ],
    [
      'an unknown log level',
      { ...HTTP, LOG_LEVEL: 'verbose' },
      ['LOG_LEVEL: "verbose" is not a log level (one of error, warn, info, debug)'],
    ],
    [
      'several problems at once, in a stable order',
      { SLACK_SIGNING_SECRET: 's', PORT: '-1', LOG_LEVEL: 'loud' },
      [
        'SLACK_BOT_TOKEN: missing; set it to the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"',
        'PORT: "-1" is not a port (a whole number from 0 to 65535)',
        'LOG_LEVEL: "loud" is not a log level (one of error, warn, info, debug)',
      ],
    ],
  ])('rejects %s', (_name, env, expected) => {
    expect(problems(env)).toEqual(expected);
  });

  it('points at the README Slack setup and never quotes a token or secret', () => {
    const error = (() => {
      try {
        return loadConfig({ SLACK_BOT_TOKEN: 'xoxp-secret-user-token', SLACK_SIGNING_SECRET: 'top secret' });
      } catch (e) {
        return e as Error;
      }
    })() as Error;
    expect(error.message).toMatch(
      /^The configuration is incomplete or invalid \(see README\.md, section "Slack setup"\):\n {2}SLACK_BOT_TOKEN: /,
    );
    expect(error.message).toMatch(/\n {2}SLACK_SIGNING_SECRET: /);
    expect(error.message).not.toContain('xoxp-secret-user-token');
    expect(error.message).not.toContain('top secret');
  });

  it('reads only its own variables from the env it is given', () => {
    const config = loadConfig({ ...HTTP, HOME: '/root', PORT: '4000' });
    expect(config.port).toBe(4000);
    expect(() => loadConfig({ ...HTTP, SLACK_BOT_TOKEN: undefined })).toThrow(ConfigError);
  });
});

describe('loadCliConfig', () => {
  it('needs no Slack setting, and gives the same defaults as the app', () => {
    const app = loadConfig(HTTP);
    expect(loadCliConfig({})).toEqual<CliConfig>({
      databasePath: app.databasePath,
      contentDir: app.contentDir,
      modelCacheDir: app.modelCacheDir as string,
      missesRetentionDays: app.missesRetentionDays,
      broadcast: app.broadcast,
      roster: { maxDeactivateShare: 0.1 },
      leaseTtlMs: app.leaseTtlMs,
      slack: { botToken: null, apiUrl: app.slack.apiUrl },
    });
  });

  it.each<[string, Env, Record<string, unknown>]>([
    [
      'SLACK_BOT_TOKEN',
      { SLACK_BOT_TOKEN: 'xoxb-cli' },
      { slack: { botToken: 'xoxb-cli', apiUrl: 'https://slack.com/api/' } },
    ],
    [
      'SLACK_API_URL',
      { SLACK_API_URL: 'http://127.0.0.1:9/api' },
      { slack: { botToken: null, apiUrl: 'http://127.0.0.1:9/api/' } },
    ],
    ['DATABASE_PATH', { DATABASE_PATH: '/srv/bot.db' }, { databasePath: '/srv/bot.db' }],
    ['MISSES_RETENTION_DAYS', { MISSES_RETENTION_DAYS: '7' }, { missesRetentionDays: 7 }],
    ['an empty MISSES_RETENTION_DAYS as unset', { MISSES_RETENTION_DAYS: '' }, { missesRetentionDays: 30 }],
    [
      'BROADCAST_REQUEST_TIMEOUT_MS',
      { BROADCAST_REQUEST_TIMEOUT_MS: '2000' },
      { broadcast: { ratePerMinute: 300, requestTimeoutMs: 2000 } },
    ],
    [
      'ROSTER_MAX_DEACTIVATE_SHARE as a fraction',
      { ROSTER_MAX_DEACTIVATE_SHARE: '0.25' },
      { roster: { maxDeactivateShare: 0.25 } },
    ],
    [
      'ROSTER_MAX_DEACTIVATE_SHARE as a percentage',
      { ROSTER_MAX_DEACTIVATE_SHARE: '25%' },
      { roster: { maxDeactivateShare: 0.25 } },
    ],
    [
      'ROSTER_MAX_DEACTIVATE_SHARE of 1 (never refuse)',
      { ROSTER_MAX_DEACTIVATE_SHARE: '1' },
      { roster: { maxDeactivateShare: 1 } },
    ],
  ])('reads %s', (_name, env, expected) => {
    expect(loadCliConfig(env)).toMatchObject(expected);
  });

  it('does not look at what only the app reads', () => {
    expect(() =>
      loadCliConfig({ PORT: 'http', LOG_LEVEL: 'loud', SLACK_SIGNING_SECRET: 'a b' }),
    ).not.toThrow();
  });

  it.each<[string, Env, string[]]>([
    [
      'a broadcast rate of half a message (the app refuses it too)',
      { BROADCAST_RATE_PER_MINUTE: '0.5' },
      [
        'BROADCAST_RATE_PER_MINUTE: "0.5" is not a number of messages per minute (a whole number from 1 to 60000)',
      ],
    ],
    [
      'a user token as the bot token',
      { SLACK_BOT_TOKEN: 'xoxp-1' },
      [
        'SLACK_BOT_TOKEN: is not a bot token: it must start with "xoxb-" (the Bot User OAuth Token, not a user or app token)',
      ],
    ],
    ...['0', 'thirty', '-3', '5000'].map((value): [string, Env, string[]] => [
      `a retention of ${JSON.stringify(value)}`,
      { MISSES_RETENTION_DAYS: value },
      [
        `MISSES_RETENTION_DAYS: ${JSON.stringify(value)} is not a number of days (a whole number from 1 to 3650)`,
      ],
    ]),
    ...['1.5', '150%', 'ten', '-0.1'].map((value): [string, Env, string[]] => [
      `a deactivation share of ${JSON.stringify(value)}`,
      { ROSTER_MAX_DEACTIVATE_SHARE: value },
      [
        `ROSTER_MAX_DEACTIVATE_SHARE: ${JSON.stringify(value)} is not a share (a fraction from 0 to 1 such as 0.1, or a percentage such as 10%)`,
      ],
    ]),
  ])('rejects %s', (_name, env, expected) => {
    expect(problems(env, loadCliConfig)).toEqual(expected);
  });
});

describe('loadConsoleConfig', () => {
  it('reads the content folder, the model cache and the retention period only', () => {
    expect(loadConsoleConfig({})).toEqual({
      contentDir: 'content',
      modelCacheDir: join(tmpdir(), 'harassment-training-bot', 'model-cache'),
      missesRetentionDays: 30,
    });
    expect(
      loadConsoleConfig({
        CONTENT_DIR: 'content-2023',
        MODEL_CACHE_DIR: '/srv/bot/model-cache',
        MISSES_RETENTION_DAYS: '7',
        BROADCAST_RATE_PER_MINUTE: 'fast',
      }),
    ).toEqual({ contentDir: 'content-2023', modelCacheDir: '/srv/bot/model-cache', missesRetentionDays: 7 });
    expect(problems({ MISSES_RETENTION_DAYS: 'forever' }, loadConsoleConfig)).toEqual([
      'MISSES_RETENTION_DAYS: "forever" is not a number of days (a whole number from 1 to 3650)',
    ]);
  });
});

describe('MODEL_CACHE_DIR', () => {
  it('is read by the app, the CLI and the console alike, with one default under the temporary folder', () => {
    const dir = '/var/cache/harassment-training-bot';
    expect(loadConfig({ ...HTTP, MODEL_CACHE_DIR: dir }).modelCacheDir).toBe(dir);
    expect(loadCliConfig({ MODEL_CACHE_DIR: dir }).modelCacheDir).toBe(dir);
    expect(loadConsoleConfig({ MODEL_CACHE_DIR: dir }).modelCacheDir).toBe(dir);
    expect(loadConfig(HTTP).modelCacheDir).toBe(join(tmpdir(), 'harassment-training-bot', 'model-cache'));
  });

  it('refuses a path no folder can have', () => {
    expect(problems({ MODEL_CACHE_DIR: 'cache\0dir' }, loadCliConfig)).toEqual([
      'MODEL_CACHE_DIR: is not a usable model cache folder path',
    ]);
  });
});

describe('without an injected env', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads the process environment itself, in every entry point', () => {
    vi.stubEnv('CONTENT_DIR', 'from-the-process');
    vi.stubEnv('SLACK_BOT_TOKEN', 'xoxb-process');
    vi.stubEnv('SLACK_SIGNING_SECRET', 'process-secret');
    expect(loadConsoleConfig().contentDir).toBe('from-the-process');
    expect(loadCliConfig().slack.botToken).toBe('xoxb-process');
    expect(loadConfig().slack.connection).toEqual({ mode: 'http', signingSecret: 'process-secret' });
  });
});
