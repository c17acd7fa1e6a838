// The composition root, `npm start`: configuration → content → the runtime (store, engine, rules, bot) →
// reminders → the Slack app. Configuration and content problems stop start-up with a message that names them.
import { resolve } from 'node:path';
import { createBroadcastService } from './broadcast/index.js';
import { ConfigError, loadConfig } from './config.js';
import { ContentError, loadContent } from './content/load.js';
import { startRetention } from './misses/index.js';
import { createRuntime, type Runtime } from './runtime.js';
import { createSlackApp } from './slack/app.js';
import { adminSubcommands, register as registerAdmin } from './slack/listeners/admin/index.js';
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
          token: config.slack.botToken,
          apiUrl: config.slack.apiUrl,
          ratePerMinute: config.broadcast.ratePerMinute,
          requestTimeoutMs: config.broadcast.requestTimeoutMs,
        });
        return adminSubcommands({ content, store, ...broadcast, now });
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
  const slack = createSlackApp(
    {
      botToken: config.slack.botToken,
      connection: config.slack.connection,
      apiUrl: config.slack.apiUrl,
      logLevel: config.logLevel,
      healthPort: config.port,
    },
    {
      bot: runtime.bot,
      store,
      extraListeners: [
        (app, deps) =>
          registerAdmin(app, {
            content,
            store,
            ...service,
            now,
            viewerFor: deps.viewerFor,
            logger: deps.logger,
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
  const { port } = await slack.start(config.port);
  const mode = config.slack.connection.mode === 'socket' ? 'Socket Mode' : 'HTTP mode, POST /slack/events';
  slack.app.logger.info(`Listening (${mode}); GET http://localhost:${port}/healthz`);
  // A campaign a crash interrupted goes on where it stopped; scheduled reminders start ticking.
  service.broadcaster.resumeUnfinished().catch(logError('Resuming unfinished campaigns'));
  service.scheduler.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
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
    runtime.close();
    slack.app.logger.info('Stopped.');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return 0;
}

const code = await main();
if (code !== 0) process.exit(code);
