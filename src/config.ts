// Every setting, in one place: the only reader of process.env in src/. One zod schema and one default per
// setting; each entry point (the Slack app, the CLI, the console) reads the part it needs, and only that part
// is validated (a CLI run does not need Slack tokens). The env can be injected for tests.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// A type only: loading Bolt itself would slow every CLI command down by half a second.
import type { LogLevel } from '@slack/bolt';
import { z } from 'zod';
import { AppError } from './errors.js';

/** Where every configuration error points people. */
export const CONFIG_HELP = 'see README.md, section "Slack setup"';

export const DEFAULTS = {
  port: 3000,
  slackApiUrl: 'https://slack.com/api/',
  databasePath: './data/harassment-training.db',
  contentDir: 'content',
  /** Where the trained answer model is kept between starts (`cli model build` fills it): any writable folder. */
  modelCacheDir: join(tmpdir(), 'harassment-training-bot', 'model-cache'),
  missesRetentionDays: 30,
  logLevel: 'info' as LogLevel,
  /** Reminder messages per minute: under chat.postMessage's workspace limit of several hundred a minute. */
  broadcastRatePerMinute: 300,
  broadcastRequestTimeoutMs: 30_000,
  /**
   * A roster import may deactivate at most this share of the active people unless the operator says so
   * (`--allow-mass-deactivation`): a truncated HR export would otherwise silence reminders for most people.
   */
  rosterMaxDeactivateShare: 0.1,
  /** Automatic reminders are off until the operator turns them on: a trial must never DM people by itself. */
  reminders: 'off' as Reminders,
  /**
   * With several replicas: how long a replica's hold on the scheduler or a campaign lasts without renewal,
   * so how soon another takes over when it dies.
   */
  leaseTtlMs: 30_000,
  /** PostgreSQL connections per process at most: statements wait for a free one beyond that. */
  databasePoolSize: 10,
  /** GET /metrics is served unless the operator turns it off: it carries counts and timings, no personal data. */
  metrics: 'on' as MetricsSetting,
} as const;

/** REMINDERS: `auto` sends the scheduled reminders of content/reminders.yml; `off` (the default) sends none. */
export type Reminders = 'off' | 'auto';

/** METRICS: `on` (the default) serves GET /metrics next to /healthz; `off` does not. */
export type MetricsSetting = 'on' | 'off';

/** The variables this module reads; anything else in the env is ignored. */
export const CONFIG_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'PORT',
  'DATABASE_PATH',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'CONTENT_DIR',
  'MODEL_CACHE_DIR',
  'MISSES_RETENTION_DAYS',
  'LOG_LEVEL',
  'BROADCAST_RATE_PER_MINUTE',
  'BROADCAST_REQUEST_TIMEOUT_MS',
  'ROSTER_MAX_DEACTIVATE_SHARE',
  'REMINDERS',
  'LEASE_TTL_MS',
  'METRICS',
] as const;
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** How the app hears from Slack: signed HTTP requests, or Socket Mode (no public URL needed). */
export type SlackConnection =
  | { readonly mode: 'http'; readonly signingSecret: string }
  | { readonly mode: 'socket'; readonly appToken: string };

export interface Config {
  readonly slack: {
    readonly botToken: string;
    readonly connection: SlackConnection;
    /** Web API base for `clientOptions.slackApiUrl`; always ends with `/`. */
    readonly apiUrl: string;
  };
  /** HTTP mode: the port Bolt listens on. Socket Mode: the port of the custom routes (`/healthz`). */
  readonly port: number;
  /** The database: a SQLite file (DATABASE_PATH), or a postgres:// URL (DATABASE_URL). */
  readonly databasePath: string;
  /** DATABASE_POOL_SIZE: PostgreSQL connections in this process's pool at most (SQLite has its one). */
  readonly databasePoolSize: number;
  readonly contentDir: string;
  /** MODEL_CACHE_DIR: where the answer model is kept between starts; absent, DEFAULTS.modelCacheDir. */
  readonly modelCacheDir?: string;
  readonly missesRetentionDays: number;
  readonly logLevel: LogLevel;
  readonly broadcast: { readonly ratePerMinute: number; readonly requestTimeoutMs: number };
  /** Whether scheduled reminders go out on their own (REMINDERS). */
  readonly reminders: Reminders;
  /** LEASE_TTL_MS: how soon another replica takes over the jobs and campaigns of one that died. */
  readonly leaseTtlMs: number;
  /** Whether GET /metrics is served (METRICS); absent, it is. */
  readonly metrics?: MetricsSetting;
}

/** What the command-line tools read: no Slack connection; the bot token only for `remind` when it sends. */
export interface CliConfig {
  /** A SQLite file (DATABASE_PATH) or a postgres:// URL (DATABASE_URL). */
  readonly databasePath: string;
  readonly contentDir: string;
  /** MODEL_CACHE_DIR: the answer model `model build` writes and `ask`, `misses` and `content check` read. */
  readonly modelCacheDir: string;
  readonly missesRetentionDays: number;
  readonly broadcast: { readonly ratePerMinute: number; readonly requestTimeoutMs: number };
  readonly roster: { readonly maxDeactivateShare: number };
  /** LEASE_TTL_MS: a campaign sent from the CLI runs under a lease as the app's do. */
  readonly leaseTtlMs: number;
  readonly slack: {
    /** Null when SLACK_BOT_TOKEN is unset: a dry run needs none. */
    readonly botToken: string | null;
    readonly apiUrl: string;
  };
}

/** What the offline console reads: it keeps its own demo database unless `--db` says otherwise. */
export interface ConsoleConfig {
  readonly contentDir: string;
  readonly modelCacheDir: string;
  readonly missesRetentionDays: number;
}

export interface ConfigProblem {
  readonly variable: ConfigVariable;
  readonly message: string;
}

export class ConfigError extends AppError {
  static override readonly code = 'config_invalid';
  static override readonly expected = true;
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `The configuration is incomplete or invalid (${CONFIG_HELP}):\n${problems
        .map((p) => `  ${p.variable}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

// Tokens and secrets are never quoted back: the message ends up in logs.
const MISSING_BOT_TOKEN = 'missing; set it to the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"';

/** What the README writes for a value to fill in: `xoxb-…`, `xapp-...`, `<token>`. Never a real one. */
const PLACEHOLDER = /…|\.\.\.|^<.*>$|^x{3,}/i;
const placeholder = (v: string) => PLACEHOLDER.test(v) || /^xox[bp]-?x*$/i.test(v);

const botToken = z
  .string()
  .refine((v) => /^xoxb-\S+$/.test(v), {
    error:
      'is not a bot token: it must start with "xoxb-" (the Bot User OAuth Token, not a user or app token)',
  })
  .refine((v) => !placeholder(v), {
    error:
      'is the placeholder from the README, not a token: copy the Bot User OAuth Token from "OAuth & Permissions"',
  });

const appToken = z
  .string()
  .refine((v) => /^xapp-\S+$/.test(v), {
    error: 'is not an app-level token: it must start with "xapp-" (Basic Information → App-Level Tokens)',
  })
  .refine((v) => !PLACEHOLDER.test(v), {
    error:
      'is the placeholder from the README, not a token: create an app-level token in "Basic Information"',
  })
  .optional();

const signingSecret = z
  .string()
  .refine((v) => /^\S+$/.test(v), { error: 'contains whitespace; copy the Signing Secret again' })
  .refine((v) => !PLACEHOLDER.test(v), {
    error: 'is the placeholder from the README: copy the Signing Secret from "Basic Information"',
  })
  .optional();

function wholeNumber(min: number, max: number, what: string) {
  return z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not ${what} (a whole number from ${min} to ${max})`,
    })
    .transform(Number);
}

// A missing trailing slash is added rather than rejected: WebClient would add it too, and the mistake is common.
const apiUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
    error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) URL such as https://slack.com/api/`,
  })
  .transform((v) => (v.endsWith('/') ? v : `${v}/`));

// A share of the active people: 0.25 or 25%, from 0 (refuse any deactivation) to 1 (never refuse).
const share = z.string().transform((v, ctx): number => {
  const percent = v.endsWith('%');
  const text = percent ? v.slice(0, -1).trim() : v;
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) / (percent ? 100 : 1) : Number.NaN;
  if (n >= 0 && n <= 1) return n;
  ctx.addIssue({
    code: 'custom',
    message: `${JSON.stringify(v)} is not a share (a fraction from 0 to 1 such as 0.1, or a percentage such as 10%)`,
  });
  return z.NEVER;
});

/** Bolt's LogLevel values, in its order. */
const LOG_LEVELS: readonly string[] = ['error', 'warn', 'info', 'debug'] satisfies `${LogLevel}`[];

const logLevel = z.string().transform((v, ctx): LogLevel => {
  const lower = v.toLowerCase();
  if (LOG_LEVELS.includes(lower)) return lower as LogLevel;
  ctx.addIssue({
    code: 'custom',
    message: `${JSON.stringify(v)} is not a log level (one of ${LOG_LEVELS.join(', ')})`,
  });
  return z.NEVER;
});

const path = (what: string) =>
  z.string().refine((v) => !v.includes('\0'), { error: `is not a usable ${what} path` });

const schema = z.object({
  SLACK_BOT_TOKEN: botToken.optional(),
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_APP_TOKEN: appToken,
  SLACK_API_URL: apiUrl.optional(),
  PORT: wholeNumber(0, 65535, 'a port').optional(),
  DATABASE_PATH: path('database file').optional(),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/i.test(v), {
      error: 'is not a postgres:// URL (postgres://user:password@host:5432/database)',
    })
    .refine((v) => !v.includes('…'), {
      error: 'still has the "…" of the README example: put the real host, user and database in',
    })
    .optional(),
  DATABASE_POOL_SIZE: wholeNumber(1, 1000, 'a number of connections').optional(),
  CONTENT_DIR: path('content folder').optional(),
  MODEL_CACHE_DIR: path('model cache folder').optional(),
  MISSES_RETENTION_DAYS: wholeNumber(1, 3650, 'a number of days').optional(),
  LOG_LEVEL: logLevel.optional(),
  BROADCAST_RATE_PER_MINUTE: wholeNumber(1, 60_000, 'a number of messages per minute').optional(),
  BROADCAST_REQUEST_TIMEOUT_MS: wholeNumber(1000, 600_000, 'a number of milliseconds').optional(),
  ROSTER_MAX_DEACTIVATE_SHARE: share.optional(),
  REMINDERS: z
    .string()
    .transform((v) => v.toLowerCase())
    .refine((v): v is Reminders => v === 'off' || v === 'auto', {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not off or auto (automatic reminders: off by default)`,
    })
    .optional(),
  LEASE_TTL_MS: wholeNumber(1000, 600_000, 'a number of milliseconds').optional(),
  METRICS: z
    .string()
    .transform((v) => v.toLowerCase())
    .refine((v): v is MetricsSetting => v === 'on' || v === 'off', {
      error: (issue) => `${JSON.stringify(issue.input)} is not on or off (GET /metrics: on by default)`,
    })
    .optional(),
});
type Settings = z.infer<typeof schema>;

/** The variables each entry point reads. */
const CLI_VARIABLES: readonly ConfigVariable[] = [
  'SLACK_BOT_TOKEN',
  'SLACK_API_URL',
  'DATABASE_PATH',
  'DATABASE_URL',
  'CONTENT_DIR',
  'MODEL_CACHE_DIR',
  'MISSES_RETENTION_DAYS',
  'BROADCAST_RATE_PER_MINUTE',
  'BROADCAST_REQUEST_TIMEOUT_MS',
  'ROSTER_MAX_DEACTIVATE_SHARE',
  'LEASE_TTL_MS',
];
const CONSOLE_VARIABLES: readonly ConfigVariable[] = [
  'CONTENT_DIR',
  'MODEL_CACHE_DIR',
  'MISSES_RETENTION_DAYS',
];

const order = (p: ConfigProblem) => CONFIG_VARIABLES.indexOf(p.variable);

/**
 * Validates the variables in `names` (empty values count as unset; the rest of the env is not looked at).
 * `require` adds problems for what this entry point cannot do without.
 */
function read(
  env: Env,
  names: readonly ConfigVariable[],
  require: (settings: Settings, picked: Record<string, string | undefined>) => ConfigProblem[] = () => [],
): Settings {
  const picked: Record<string, string | undefined> = {};
  for (const name of names) {
    const value = env[name]?.trim();
    picked[name] = value === '' ? undefined : value;
  }
  const parsed = schema.safeParse(picked);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: issue.path[0] as ConfigVariable,
        message: issue.message,
      }));
  const settings = parsed.success ? parsed.data : {};
  // A variable that is present but invalid has its own problem already.
  const invalid = new Set(problems.map((p) => p.variable));
  problems.push(...require(settings, picked).filter((p) => !invalid.has(p.variable)));
  if (problems.length > 0) throw new ConfigError(problems.sort((a, b) => order(a) - order(b)));
  return parsed.data as Settings;
}

const databasePath = (s: Settings) => s.DATABASE_URL ?? s.DATABASE_PATH ?? DEFAULTS.databasePath;

/** DATABASE_URL and DATABASE_PATH name two different databases: which one is meant cannot be guessed. */
const oneDatabase = (settings: Settings): ConfigProblem[] =>
  settings.DATABASE_URL !== undefined && settings.DATABASE_PATH !== undefined
    ? [
        {
          variable: 'DATABASE_PATH',
          message:
            'is set as well as DATABASE_URL: set only one (DATABASE_URL for PostgreSQL, DATABASE_PATH for a SQLite file)',
        },
      ]
    : [];
const contentDir = (s: Settings) => s.CONTENT_DIR ?? DEFAULTS.contentDir;
const modelCacheDir = (s: Settings) => s.MODEL_CACHE_DIR ?? DEFAULTS.modelCacheDir;
const missesRetentionDays = (s: Settings) => s.MISSES_RETENTION_DAYS ?? DEFAULTS.missesRetentionDays;
const apiUrlOf = (s: Settings) => s.SLACK_API_URL ?? DEFAULTS.slackApiUrl;
const broadcast = (s: Settings) => ({
  ratePerMinute: s.BROADCAST_RATE_PER_MINUTE ?? DEFAULTS.broadcastRatePerMinute,
  requestTimeoutMs: s.BROADCAST_REQUEST_TIMEOUT_MS ?? DEFAULTS.broadcastRequestTimeoutMs,
});

/**
 * The Slack app's configuration (`npm start`). HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET;
 * setting SLACK_APP_TOKEN switches to Socket Mode. Empty values count as unset. Throws a ConfigError naming
 * every bad variable at once.
 */
export function loadConfig(env: Env = process.env): Config {
  const data = read(env, CONFIG_VARIABLES, (settings, picked) => {
    const missing: ConfigProblem[] = [...oneDatabase(settings)];
    if (picked['SLACK_BOT_TOKEN'] === undefined)
      missing.push({ variable: 'SLACK_BOT_TOKEN', message: MISSING_BOT_TOKEN });
    if (
      settings.SLACK_APP_TOKEN === undefined &&
      settings.SLACK_SIGNING_SECRET === undefined &&
      picked['SLACK_APP_TOKEN'] === undefined &&
      picked['SLACK_SIGNING_SECRET'] === undefined
    ) {
      missing.push({
        variable: 'SLACK_SIGNING_SECRET',
        message:
          'missing; HTTP mode needs the Signing Secret from "Basic Information" (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    return missing;
  });
  const appToken = data.SLACK_APP_TOKEN;
  const connection: SlackConnection =
    appToken !== undefined
      ? { mode: 'socket', appToken }
      : { mode: 'http', signingSecret: data.SLACK_SIGNING_SECRET as string };
  return {
    slack: { botToken: data.SLACK_BOT_TOKEN as string, connection, apiUrl: apiUrlOf(data) },
    port: data.PORT ?? DEFAULTS.port,
    databasePath: databasePath(data),
    databasePoolSize: data.DATABASE_POOL_SIZE ?? DEFAULTS.databasePoolSize,
    contentDir: contentDir(data),
    modelCacheDir: modelCacheDir(data),
    missesRetentionDays: missesRetentionDays(data),
    logLevel: data.LOG_LEVEL ?? DEFAULTS.logLevel,
    broadcast: broadcast(data),
    reminders: (data.REMINDERS as Reminders | undefined) ?? DEFAULTS.reminders,
    leaseTtlMs: data.LEASE_TTL_MS ?? DEFAULTS.leaseTtlMs,
    metrics: (data.METRICS as MetricsSetting | undefined) ?? DEFAULTS.metrics,
  };
}

/** The command-line tools' configuration (`npm run cli`): nothing is required, what is set must be valid. */
export function loadCliConfig(env: Env = process.env): CliConfig {
  const data = read(env, CLI_VARIABLES, oneDatabase);
  return {
    databasePath: databasePath(data),
    contentDir: contentDir(data),
    modelCacheDir: modelCacheDir(data),
    missesRetentionDays: missesRetentionDays(data),
    broadcast: broadcast(data),
    roster: { maxDeactivateShare: data.ROSTER_MAX_DEACTIVATE_SHARE ?? DEFAULTS.rosterMaxDeactivateShare },
    leaseTtlMs: data.LEASE_TTL_MS ?? DEFAULTS.leaseTtlMs,
    slack: { botToken: data.SLACK_BOT_TOKEN ?? null, apiUrl: apiUrlOf(data) },
  };
}

/** The offline console's configuration (`npm run console`). */
export function loadConsoleConfig(env: Env = process.env): ConsoleConfig {
  const data = read(env, CONSOLE_VARIABLES);
  return {
    contentDir: contentDir(data),
    modelCacheDir: modelCacheDir(data),
    missesRetentionDays: missesRetentionDays(data),
  };
}
