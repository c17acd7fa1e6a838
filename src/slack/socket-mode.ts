// Socket Mode: Bolt's SocketModeReceiver with the reconnection done here rather than by @slack/socket-mode, so
// that every lost connection is logged at info/warn, retries back off, a refresh Slack asks for happens at once,
// and an app-level token Slack refuses stops the app instead of an unhandled rejection. Also the small HTTP
// server for /healthz, which Socket Mode has no other way to serve.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, type LogLevel, SocketModeReceiver, type webApi } from '@slack/bolt';
import { AppError, messageOf } from '../errors.js';

/** apps.connections.open errors that no retry can fix (@slack/socket-mode's UnrecoverableSocketModeStartError). */
export const REFUSED_TOKEN_ERRORS = [
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'user_removed_from_team',
  'team_disabled',
] as const;

export interface ReconnectOptions {
  /** The wait before the first retry after a lost connection; it doubles with each failed attempt. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A connection that stayed up this long resets the backoff. */
  stableAfterMs: number;
}

export const RECONNECT_DEFAULTS: ReconnectOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  stableAfterMs: 30_000,
};

/** Slack refused SLACK_APP_TOKEN: retrying cannot help, so the app stops with this message. */
export class SocketModeTokenError extends AppError {
  static override readonly code = 'slack_app_token_refused';
  static override readonly expected = true;
  constructor(readonly slackError: string) {
    super(
      `Slack refused SLACK_APP_TOKEN (apps.connections.open answered "${slackError}"): create an app-level token with the connections:write scope under Basic Information → App-Level Tokens, and check that Socket Mode is on`,
    );
    this.name = 'SocketModeTokenError';
  }
}

export interface SocketModeOptions {
  appToken: string;
  logLevel: LogLevel;
  /** The Web API client's options: `slackApiUrl` is where apps.connections.open goes. */
  clientOptions: { slackApiUrl: string; retryConfig?: webApi.RetryOptions; fetch?: typeof fetch };
  /** Answers /healthz (and 404 to anything else). */
  health: (req: IncomingMessage, res: ServerResponse) => void;
  reconnect?: Partial<ReconnectOptions>;
  /** A token refused while reconnecting (revoked while running): the app cannot go on. */
  onFatal: (error: SocketModeTokenError) => void;
  /**
   * The App's logger, for this module and for @slack/socket-mode's own lines; a function because the App is
   * built around the receiver, so it does not exist yet when the receiver does.
   */
  log: () => Logger | undefined;
}

export interface SocketModeConnection {
  readonly receiver: SocketModeReceiver;
  /** True between Slack's `hello` and the connection closing. */
  readonly connected: boolean;
  /**
   * Serves /healthz on `healthPort` (0 for any), then resolves once connected, retrying with backoff; rejects
   * with a SocketModeTokenError on a refused token.
   */
  start(healthPort: number): Promise<{ port: number }>;
  stop(): Promise<void>;
}

function refusedTokenError(error: unknown): SocketModeTokenError | undefined {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === 'string' && (REFUSED_TOKEN_ERRORS as readonly string[]).includes(code)
    ? new SocketModeTokenError(code)
    : undefined;
}

function describe(error: unknown): string {
  if (error === undefined) return 'the connection closed before Slack said hello';
  const code = (error as { data?: { error?: unknown } }).data?.error;
  if (typeof code === 'string') return `apps.connections.open answered "${code}"`;
  return messageOf(error);
}

/** A `disconnect` message's reason, read without parsing every envelope: those messages are short. */
function disconnectReason(data: unknown): string | undefined {
  if (typeof data !== 'string' || data.length > 1000 || !data.includes('disconnect')) return undefined;
  try {
    const message = JSON.parse(data) as { type?: unknown; reason?: unknown };
    return message.type === 'disconnect' ? String(message.reason ?? 'unknown') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @slack/socket-mode's lines go to the App's logger (one format, one level), except its error for a failed
 * apps.connections.open, which this module reports itself: demoted to debug so it is not said twice.
 */
function libraryLogger(appLogger: () => Logger | undefined, level: LogLevel): Logger {
  const to =
    (name: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const demote = name === 'error' && String(msg[0]).startsWith('Failed to retrieve a new WSS URL');
      appLogger()?.[demote ? 'debug' : name](...msg);
    };
  return {
    debug: to('debug'),
    info: to('info'),
    warn: to('warn'),
    error: to('error'),
    getLevel: () => appLogger()?.getLevel() ?? level,
    setLevel: () => {},
    setName: () => {},
  };
}

export function createSocketMode(options: SocketModeOptions): SocketModeConnection {
  const delays = { ...RECONNECT_DEFAULTS, ...options.reconnect };
  const logger = libraryLogger(options.log, options.logLevel);
  const log = () => options.log() ?? logger;
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    logLevel: options.logLevel,
    logger,
    autoReconnectEnabled: false,
    installerOptions: { clientOptions: options.clientOptions },
    // The envelope id reaches the middleware, which answers a redelivered envelope once.
    customPropertiesExtractor: (args: { envelope_id?: unknown }) =>
      typeof args.envelope_id === 'string' ? { envelopeId: args.envelope_id } : {},
  });
  const client = receiver.client;
  let connected = false;
  let stopping = false;
  let attempt = 0;
  let upSince = 0;
  let everConnected = false;
  let reason: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let server: Server | undefined;

  const backoff = () => Math.min(delays.maxDelayMs, delays.initialDelayMs * 2 ** attempt);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  client.on('ws_message', (data: unknown) => {
    reason = disconnectReason(data) ?? reason;
  });
  client.on('connected', () => {
    connected = true;
    upSince = Date.now();
    log().info(everConnected ? 'Socket Mode reconnected.' : 'Socket Mode connected.');
    everConnected = true;
  });
  client.on('disconnected', () => {
    // A failed attempt also ends in `disconnected`: the loop that made it retries.
    if (!connected) return;
    connected = false;
    if (stopping) return;
    if (Date.now() - upSince >= delays.stableAfterMs) attempt = 0;
    const asked = reason;
    reason = undefined;
    const delay = asked ? 0 : backoff();
    if (asked) log().info(`Slack asked for a new Socket Mode connection (${asked}); reconnecting now.`);
    else {
      attempt += 1;
      log().warn(`Socket Mode connection lost; reconnecting in ${delay} ms (attempt ${attempt}).`);
    }
    timer = setTimeout(() => {
      connect().catch((error: unknown) => {
        if (error instanceof SocketModeTokenError) options.onFatal(error);
        else log().error(`Socket Mode reconnection stopped: ${describe(error)}`);
      });
    }, delay);
  });

  /** Until connected or stopped; only a refused token ends it early. */
  async function connect(): Promise<void> {
    for (;;) {
      if (stopping) return;
      try {
        await receiver.start();
        return;
      } catch (error) {
        const refused = refusedTokenError(error);
        if (refused) throw refused;
        if (stopping) return;
        const delay = backoff();
        attempt += 1;
        log().warn(
          `Socket Mode could not connect (${describe(error)}); retrying in ${delay} ms (attempt ${attempt}).`,
        );
        await sleep(delay);
      }
    }
  }

  return {
    receiver,
    get connected() {
      return connected;
    },
    async start(healthPort) {
      stopping = false;
      const health = createServer(options.health);
      await new Promise<void>((resolve, reject) => {
        health.once('error', reject);
        health.listen(healthPort, () => resolve());
      });
      server = health;
      try {
        await connect();
      } catch (error) {
        await new Promise<void>((resolve) => health.close(() => resolve()));
        server = undefined;
        throw error;
      }
      return { port: (health.address() as AddressInfo).port };
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      wake?.();
      // The close handshake waits for Slack's reply; a peer that never sends it must not hold up the stop.
      await Promise.race([client.disconnect(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      connected = false;
      const health = server;
      server = undefined;
      if (health) {
        health.closeAllConnections();
        await new Promise<void>((resolve) => health.close(() => resolve()));
      }
    },
  };
}
