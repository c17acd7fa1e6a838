// The composition root, `npm start`: configuration → content → the service (src/service.ts). Configuration,
// content, database and token problems stop start-up with one message that names them, never a stack trace.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isModelBuilt } from './answer/index.js';
import { CLI } from './cli/main.js';
import { DEFAULTS, loadConfig } from './config.js';
import { loadContent } from './content/load.js';
import { failureText, messageOf } from './errors.js';
import { type Service, startService } from './service.js';
import { installProcessErrorHandlers } from './slack/process-errors.js';
import { isPostgresUrl } from './store/index.js';

/** Said when PORT is taken: Node's own error, not one of ours, but a person can fix it from this line. */
export const PORT_IN_USE_TEXT =
  'PORT: the port is already in use by another program; stop it or set PORT to a free port.';

/**
 * What start-up prints when it fails: an expected error (configuration, content, database, a refused token)
 * as its one line, a taken port as PORT_IN_USE_TEXT, anything else (a bug) with its stack. It exits 1 either way.
 */
export function startFailureText(error: unknown): string {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    return PORT_IN_USE_TEXT;
  return failureText(error);
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
      onTrainingModel: () =>
        console.log(
          `No answer model is kept for this content: training it now (over half a minute; \`${CLI} model build\` before a start saves the wait).`,
        ),
      // The token was revoked while running: nothing can reconnect, so stop rather than sit deaf.
      onFatal: () => void shutdown('Stopping', 1),
    });
  } catch (error) {
    console.error(startFailureText(error));
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
  const { engine, content } = service.core;
  const took = `${(engine.buildMs / 1000).toFixed(1)} s`;
  const cacheDir = config.modelCacheDir ?? DEFAULTS.modelCacheDir;
  if (engine.modelSource !== 'trained')
    slack.app.logger.info(`Answer model read from the model cache in ${took}.`);
  else if (isModelBuilt(content, cacheDir))
    slack.app.logger.info(
      `Answer model trained from the content in ${took}, kept in ${cacheDir} for the next start.`,
    );
  else
    slack.app.logger.warn(
      `Answer model trained from the content in ${took}, but it could not be kept in ${cacheDir}: every start will train it again (set MODEL_CACHE_DIR to a writable folder).`,
    );
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
      slack.app.logger.error(`Stopping the app: ${messageOf(error)}`);
    }
    slack.app.logger.info('Stopped.');
    process.exit(code);
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return 0;
}

// Run as `npm start` (or tsx src/main.ts); imported by a test, it only defines.
const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (import.meta.url === invoked) {
  const code = await main();
  if (code !== 0) process.exit(code);
}
