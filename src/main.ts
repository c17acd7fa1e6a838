// The composition root, `npm start`: configuration → content → the runtime (store, engine, rules, bot) →
// reminders → the Slack app. Configuration and content problems stop start-up with a message that names them.
import { resolve } from 'node:path';
import { createRemindFlow, remindSubcommand, reportSubcommand } from './bot/index.js';
import { createBroadcastService } from './broadcast/index.js';
import { ConfigError, loadConfig } from './config.js';
import { ContentError, loadContent } from './content/load.js';
import { startRetention } from './misses/index.js';
import { createRuntime, type Runtime } from './runtime.js';
import { createSlackApp } from './slack/app.js';
import { register as registerAdmin } from './slack/listeners/admin/index.js';
import { describeSlackError } from './slack/send.js';
import { createSharedEventDeduper } from './slack/shared-event-dedupe.js';
import { SocketModeTokenError } from './slack/socket-mode.js';
import { slackBroadcastPort } from './slack/web-api/index.js';
import { StoreError } from './store/index.js';

export async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  let content: ReturnType<typeof loadContent>;
  try {
    config = loadConfig();
    content = loadContent(resolve(config.contentDir));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ContentError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const now = () => new Date();
  let broadcast: ReturnType<typeof createBroadcastService> | undefined;
  let runtime: Runtime;
  try {
    runtime = createRuntime({
      content,
      databasePath: resolve(config.databasePath),
      now,
      retentionDays: config.missesRetentionDays,
      subcommands: (store) => {
        broadcast = createBroadcastService({
          store,
          content,
          port: slackBroadcastPort({
            token: config.slack.botToken,
            apiUrl: config.slack.apiUrl,
            timeoutMs: config.broadcast.requestTimeoutMs,
          }),
          ratePerMinute: config.broadcast.ratePerMinute,
          requestTimeoutMs: config.broadcast.requestTimeoutMs,
        });
        return [remindSubcommand({ content, store }), reportSubcommand({ content, store, now })];
      },
    });
  } catch (error) {
    console.error(
      `Cannot open the database ${JSON.stringify(config.databasePath)}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  const { store } = runtime;
  const service = broadcast!;
  // In the database file, so that several app processes on it answer a redelivered event once between them.
  const deduper = createSharedEventDeduper(resolve(config.databasePath));
  let shutdown: (signal: string, code?: number) => Promise<void> = async () => {};
  const slack = createSlackApp(
    {
      botToken: config.slack.botToken,
      connection: config.slack.connection,
      apiUrl: config.slack.apiUrl,
      logLevel: config.logLevel,
      healthPort: config.port,
      // The token was revoked while running: nothing can reconnect, so stop rather than sit deaf.
      onFatal: (error) => {
        slack.app.logger.error(error.message);
        void shutdown('Stopping', 1);
      },
    },
    {
      bot: runtime.bot,
      store,
      deduper,
      extraListeners: [
        (app, deps) =>
          registerAdmin(app, {
            ...deps,
            remind: createRemindFlow({
              content,
              store,
              broadcaster: service.broadcaster,
              onError: (what, error) => deps.logger.error(`${what}: ${describeSlackError(error)}`),
            }),
            setProgressMessage: service.campaigns.setProgressMessage,
          }),
      ],
      health: () => {
        const faqEntries = content.faq.entries.length;
        try {
          store.stats();
          return { content: { ok: faqEntries > 0, faqEntries }, database: { ok: true } };
        } catch (error) {
          const message =
            error instanceof StoreError || error instanceof Error ? error.message : String(error);
          return { content: { ok: faqEntries > 0, faqEntries }, database: { ok: false, error: message } };
        }
      },
    },
  );
  const logError = (what: string) => (error: unknown) =>
    slack.app.logger.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  const retention = startRetention({
    purge: () => runtime.purgeExpiredMisses(),
    onError: logError('Purging expired misses'),
  });
  let port: number;
  try {
    ({ port } = await slack.start(config.port));
  } catch (error) {
    if (!(error instanceof SocketModeTokenError)) throw error;
    // One line, no stack: the token is wrong, and the message says where to get a right one.
    console.error(error.message);
    retention.stop();
    service.close();
    deduper.close();
    runtime.close();
    return 1;
  }
  const mode = config.slack.connection.mode === 'socket' ? 'Socket Mode' : 'HTTP mode, POST /slack/events';
  slack.app.logger.info(`Listening (${mode}); GET http://localhost:${port}/healthz`);
  // A campaign a crash interrupted goes on where it stopped; scheduled reminders start ticking.
  service.broadcaster.resumeUnfinished().catch(logError('Resuming unfinished campaigns'));
  service.scheduler.start();

  let stopping = false;
  shutdown = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    slack.app.logger.info(`${signal}: no new requests; finishing ${slack.inFlight} in flight.`);
    try {
      await slack.stop();
    } catch (error) {
      logError('Stopping the app')(error);
    }
    retention.stop();
    service.close();
    deduper.close();
    runtime.close();
    slack.app.logger.info('Stopped.');
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return 0;
}

const code = await main();
if (code !== 0) process.exit(code);
