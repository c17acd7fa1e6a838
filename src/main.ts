// The composition root, `npm start`: configuration → content → the service (src/service.ts). Configuration,
// content, database and token problems stop start-up with one message that names them, never a stack trace.
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { ContentError, loadContent } from './content/load.js';
import { type Service, startService } from './service.js';
import { RefusedTokenError } from './slack/auth-check.js';
import { installProcessErrorHandlers } from './slack/process-errors.js';
import { SocketModeTokenError } from './slack/socket-mode.js';
import { isPostgresUrl, StoreError } from './store/index.js';

/** Errors a person can fix from the message alone: shown as that one message. */
function isExpected(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof ContentError ||
    error instanceof RefusedTokenError ||
    error instanceof SocketModeTokenError ||
    error instanceof StoreError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')
  );
}

function explain(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    return 'PORT: the port is already in use by another program; stop it or set PORT to a free port.';
  return error.message;
}

export async function main(): Promise<number> {
  let service: Service;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
    const content = loadContent(resolve(config.contentDir));
    service = await startService({
      config: {
        ...config,
        databasePath: isPostgresUrl(config.databasePath) ? config.databasePath : resolve(config.databasePath),
      },
      content,
      // The token was revoked while running: nothing can reconnect, so stop rather than sit deaf.
      onFatal: () => void shutdown('Stopping', 1),
    });
  } catch (error) {
    if (!isExpected(error)) throw error;
    console.error(explain(error));
    return 1;
  }
  const { slack } = service;
  // A stray rejection is logged and the app serves on; an uncaught exception is logged, the app stops and the
  // process exits 1 for its supervisor to restart (README, "Operating it").
  // Logging is best effort: a log pipe whose reader went away (EPIPE) must not become an uncaught exception,
  // whose log line fails the same way, and so on.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  installProcessErrorHandlers({
    log: (line) => slack.app.logger.error(line),
    stop: () => service.stop(5000),
  });
  const mode = config.slack.connection.mode === 'socket' ? 'Socket Mode' : 'HTTP mode, POST /slack/events';
  const metrics = config.metrics === 'off' ? '' : ' and /metrics';
  slack.app.logger.info(`Listening (${mode}); GET http://localhost:${service.port}/healthz${metrics}`);

  let stopping = false;
  async function shutdown(signal: string, code = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    slack.app.logger.info(`${signal}: no new requests; finishing ${slack.inFlight} in flight.`);
    try {
      await service.stop();
    } catch (error) {
      slack.app.logger.error(`Stopping the app: ${error instanceof Error ? error.message : String(error)}`);
    }
    slack.app.logger.info('Stopped.');
    process.exit(code);
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return 0;
}

const code = await main();
if (code !== 0) process.exit(code);
