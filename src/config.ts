// The app's configuration: one zod-validated object read from an injected env (process.env in production).
import { LogLevel } from '@slack/bolt';
import { z } from 'zod';

/** Where every configuration error points people. */
export const CONFIG_HELP = 'see README.md, section "Slack setup"';

export const DEFAULTS = {
  port: 3000,
  slackApiUrl: 'https://slack.com/api/',
  databasePath: './data/harassment-training.db',
  contentDir: 'content',
  missesRetentionDays: 30,
  logLevel: LogLevel.INFO,
  /** Reminder messages per minute: under chat.postMessage's workspace limit of several hundred a minute. */
  broadcastRatePerMinute: 300,
  broadcastRequestTimeoutMs: 30_000,
} as const;

/** The variables this module reads; anything else in the env is ignored. */
export const CONFIG_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'PORT',
  'DATABASE_PATH',
  'CONTENT_DIR',
  'MISSES_RETENTION_DAYS',
  'LOG_LEVEL',
  'BROADCAST_RATE_PER_MINUTE',
  'BROADCAST_REQUEST_TIMEOUT_MS',
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
  readonly databasePath: string;
  readonly contentDir: string;
  readonly missesRetentionDays: number;
  readonly logLevel: LogLevel;
  readonly broadcast: { readonly ratePerMinute: number; readonly requestTimeoutMs: number };
}

export interface ConfigProblem {
  readonly variable: ConfigVariable;
  readonly message: string;
}

export class ConfigError extends Error {
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
const botToken = z
  .string({ error: 'missing; set it to the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"' })
  .refine((v) => /^xoxb-\S+$/.test(v), {
    error:
      'is not a bot token: it must start with "xoxb-" (the Bot User OAuth Token, not a user or app token)',
  });

const appToken = z
  .string()
  .refine((v) => /^xapp-\S+$/.test(v), {
    error: 'is not an app-level token: it must start with "xapp-" (Basic Information → App-Level Tokens)',
  })
  .optional();

const signingSecret = z
  .string()
  .refine((v) => /^\S+$/.test(v), { error: 'contains whitespace; copy the Signing Secret again' })
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

const LOG_LEVELS: readonly string[] = Object.values(LogLevel);

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
  SLACK_BOT_TOKEN: botToken,
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_APP_TOKEN: appToken,
  SLACK_API_URL: apiUrl.optional(),
  PORT: wholeNumber(0, 65535, 'a port').optional(),
  DATABASE_PATH: path('database file').optional(),
  CONTENT_DIR: path('content folder').optional(),
  MISSES_RETENTION_DAYS: wholeNumber(1, 3650, 'a number of days').optional(),
  LOG_LEVEL: logLevel.optional(),
  BROADCAST_RATE_PER_MINUTE: wholeNumber(1, 60_000, 'a number of messages per minute').optional(),
  BROADCAST_REQUEST_TIMEOUT_MS: wholeNumber(1000, 600_000, 'a number of milliseconds').optional(),
});

/**
 * Reads and validates the configuration. HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; setting
 * SLACK_APP_TOKEN switches to Socket Mode. Empty values count as unset. Throws a ConfigError naming every
 * bad variable at once.
 */
export function loadConfig(env: Env): Config {
  const picked: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) {
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
  const appToken = parsed.data?.SLACK_APP_TOKEN;
  const secret = parsed.data?.SLACK_SIGNING_SECRET;
  let connection: SlackConnection | undefined;
  if (appToken !== undefined) connection = { mode: 'socket', appToken };
  else if (secret !== undefined) connection = { mode: 'http', signingSecret: secret };
  else if (picked['SLACK_APP_TOKEN'] === undefined && picked['SLACK_SIGNING_SECRET'] === undefined) {
    problems.push({
      variable: 'SLACK_SIGNING_SECRET',
      message:
        'missing; HTTP mode needs the Signing Secret from "Basic Information" (or set SLACK_APP_TOKEN for Socket Mode)',
    });
  }
  if (!parsed.success || connection === undefined) {
    const order = (p: ConfigProblem) => CONFIG_VARIABLES.indexOf(p.variable);
    throw new ConfigError(problems.sort((a, b) => order(a) - order(b)));
  }
  const data = parsed.data;
  return {
    slack: { botToken: data.SLACK_BOT_TOKEN, connection, apiUrl: data.SLACK_API_URL ?? DEFAULTS.slackApiUrl },
    port: data.PORT ?? DEFAULTS.port,
    databasePath: data.DATABASE_PATH ?? DEFAULTS.databasePath,
    contentDir: data.CONTENT_DIR ?? DEFAULTS.contentDir,
    missesRetentionDays: data.MISSES_RETENTION_DAYS ?? DEFAULTS.missesRetentionDays,
    logLevel: data.LOG_LEVEL ?? DEFAULTS.logLevel,
    broadcast: {
      ratePerMinute: data.BROADCAST_RATE_PER_MINUTE ?? DEFAULTS.broadcastRatePerMinute,
      requestTimeoutMs: data.BROADCAST_REQUEST_TIMEOUT_MS ?? DEFAULTS.broadcastRequestTimeoutMs,
    },
  };
}
