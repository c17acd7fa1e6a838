// The core every front end runs on, wired one way: store, answer engine, rules (through the bot layer), 👍/👎
// counts, misses with their retention, and the admin subcommands. `npm start` and the offline console both
// build it here, so the console behaves as the Slack app does.
import { createAnswerEngine, createFollowUpMemory } from './answer/index.js';
import { type Bot, createBot, type Subcommand } from './bot/index.js';
import type { Content } from './content/load.js';
import { createMissRecorder, learningDeps, purgeExpiredMisses } from './misses/index.js';
import { type FeedbackRepository, type MissesStore, openStore, type Store } from './store/index.js';

/** A follow-up is read with the question before it for ten minutes; at most 10,000 askers at a time. */
export const FOLLOW_UPS = { ttlMs: 10 * 60 * 1000, max: 10_000 } as const;

export interface RuntimeOptions {
  content: Content;
  databasePath: string;
  now: () => Date;
  /** The moment the rules answer for, when not `now`: the console's simulated date. Records keep `now`. */
  rulesNow?: () => Date;
  /** How long unanswered questions are kept for content editors (MISSES_RETENTION_DAYS). */
  retentionDays: number;
  /** Subcommands beyond the built-in ones (the admin `remind` and `report`), given the open store. */
  subcommands?: (store: Store) => readonly Subcommand[];
  /** A failure to record a count or a miss: reported, never fatal to the answer. Never given message text. */
  onError?: (what: string, error: unknown) => void;
}

export interface Runtime {
  content: Content;
  store: Store;
  feedback: FeedbackRepository;
  misses: MissesStore;
  bot: Bot;
  /** Deletes the misses past the retention period (done once as this opens); returns how many went. */
  purgeExpiredMisses(): number;
  close(): void;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const { content } = options;
  const store = openStore({ path: options.databasePath, schedule: content.schedule, now: options.now });
  const { feedback, misses } = store;
  const timeZone = content.schedule.cycle.timeZone;
  const purge = () =>
    purgeExpiredMisses(misses, { retentionDays: options.retentionDays, timeZone, now: options.now });
  // Misses past the retention period are purged as this opens (start-up); the Slack app also purges daily.
  try {
    purge();
  } catch (error) {
    store.close();
    throw error;
  }
  const recorder = createMissRecorder({
    misses,
    now: options.now,
    timeZone,
    // SQLite's message never quotes the values bound to a statement, so the question stays out of it.
    onError:
      options.onError ??
      ((what, error) =>
        console.error(`Could not ${what}: ${error instanceof Error ? error.message : 'unknown error'}`)),
  });
  const bot = createBot({
    content,
    engine: createAnswerEngine({ content }),
    feedback,
    now: options.rulesNow ?? options.now,
    subcommands: options.subcommands?.(store) ?? [],
    followUps: createFollowUpMemory(FOLLOW_UPS),
    ...learningDeps(recorder, {
      retentionDays: options.retentionDays,
      notReportingChannel: content.resources.notReportingChannel,
    }),
  });
  return {
    content,
    store,
    feedback,
    misses,
    bot,
    purgeExpiredMisses: purge,
    close: () => store.close(),
  };
}
