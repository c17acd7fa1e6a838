// Everything the offline console runs on: content, the demo roster in an embedded SQLite file, the engine,
// the rules and the bot layer, wired exactly as the Slack app wires them.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  type Bot,
  createIdentity,
  createRemindFlow,
  type Identity,
  type RemindFlow,
  remindSubcommand,
  reportSubcommand,
} from '../bot/index.js';
import { type BroadcastPort, type BroadcastService, createBroadcastService } from '../broadcast/index.js';
import { type Content, loadContent } from '../content/load.js';
import { createRuntime } from '../runtime.js';
import {
  type FeedbackRepository,
  formatImportIssue,
  type Grant,
  parseCompletions,
  parseRoster,
  type Store,
} from '../store/index.js';

export const CONSOLE_DEFAULTS = {
  db: 'data/console.db',
  roster: 'examples/roster.csv',
  completions: 'examples/completions.csv',
  /** Someone required, in an open window and not done yet on the default date. */
  as: 'bram.placeholder@example.edu',
  /** The 2021 cycle is in the past: a day inside the first group's window. */
  on: '2021-02-10',
} as const;

/** Demo access grants, so the admin subcommands (issue 7) can be tried as these people. */
export const DEMO_GRANTS: readonly Grant[] = [
  { email: 'rhea.admin@example.edu', role: 'admin' },
  { email: 'seth.deptadmin@example.edu', role: 'dept-admin', department: 'Imaginary Physics' },
  { email: 'tomas.deptadmin@example.edu', role: 'dept-admin', department: 'Example Chemistry' },
];

/** `--db FILE` names no file yet: the roster import is what creates it. */
export const noDatabase = (file: string) =>
  `--db ${JSON.stringify(file)}: no such database file. Import the roster into it first ` +
  `(npm run --silent cli -- roster import FILE.csv --db ${file}), or leave out --db to try the demo roster.`;

export class ConsoleSetupError extends Error {
  override name = 'ConsoleSetupError';
}

export interface ConsoleSetupOptions {
  contentDir: string;
  /** A database to use as it is; when absent, the demo database is recreated from the example CSVs. */
  db?: string;
  cwd: string;
  /** The simulated moment (`--on`, `/on`): for the rules only. */
  clock: { now: Date };
  /** The real clock, for what is written down (misses, answer counts, audit rows); `new Date()` by default. */
  realNow?: () => Date;
  /** How long unanswered questions are kept (MISSES_RETENTION_DAYS, src/config.ts). */
  retentionDays: number;
}

export interface ConsoleRuntime {
  content: Content;
  store: Store;
  feedback: FeedbackRepository;
  bot: Bot;
  identity: Identity;
  /** The composer's submission: dry runs only (the console has no Slack to send through). */
  remind: RemindFlow;
  dbPath: string;
  /** Set when the demo data was loaded: how many people and completions. */
  demo: { people: number; completions: number } | null;
  close(): void;
}

/** The repository root: the demo CSVs ship with the code, wherever the console is started from. */
const REPO_ROOT = resolve(import.meta.dirname, '../..');

function loadDemo(store: Store, content: Content): { people: number; completions: number } {
  const read = (file: string) => readFileSync(resolve(REPO_ROOT, file));
  const roster = parseRoster(read(CONSOLE_DEFAULTS.roster), CONSOLE_DEFAULTS.roster, content);
  const completions = parseCompletions(
    read(CONSOLE_DEFAULTS.completions),
    CONSOLE_DEFAULTS.completions,
    content,
  );
  const issues = [...roster.issues, ...completions.issues];
  if (issues.length > 0) throw new ConsoleSetupError(issues.map(formatImportIssue).join('\n'));
  store.importRoster(roster.records, { file: CONSOLE_DEFAULTS.roster });
  const summary = store.importCompletions(completions.records);
  for (const grant of DEMO_GRANTS) store.grant(grant);
  return {
    people: roster.records.length,
    completions: summary.recorded + summary.earlier + summary.unchanged,
  };
}

/** The console has no Slack: nothing can be posted, and a dry run never tries. */
const OFFLINE: BroadcastPort = {
  post: async () => ({ ok: false, error: 'not_connected', status: 0 }),
  listUsers: async () => ({ ok: false, error: 'not_connected', status: 0 }),
  findDelivered: async () => null,
};

export function openConsoleRuntime(options: ConsoleSetupOptions): ConsoleRuntime {
  const content = loadContent(resolve(options.cwd, options.contentDir));
  const demo = options.db === undefined;
  const dbPath = resolve(options.cwd, options.db ?? CONSOLE_DEFAULTS.db);
  if (demo) {
    // The demo file is recreated on every start, so it always holds exactly the example data.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
    mkdirSync(dirname(dbPath), { recursive: true });
  } else if (!existsSync(dbPath)) {
    throw new ConsoleSetupError(noDatabase(options.db ?? ''));
  }
  // The simulated date answers "what if it were that day?"; anything stored keeps the real date, or a question
  // asked today would be dated 2021 and purged at once by the retention period.
  const now = () => options.clock.now;
  let broadcast: BroadcastService | undefined;
  const runtime = createRuntime({
    content,
    databasePath: dbPath,
    now: options.realNow ?? (() => new Date()),
    rulesNow: now,
    retentionDays: options.retentionDays,
    subcommands: (store) => {
      broadcast = createBroadcastService({
        store,
        content,
        port: OFFLINE,
        now,
        ratePerMinute: 60,
        requestTimeoutMs: 1000,
      });
      return [remindSubcommand({ content, store }), reportSubcommand({ content, store, now })];
    },
  });
  const service = broadcast as BroadcastService;
  const { store, feedback, bot } = runtime;
  let loaded: { people: number; completions: number } | null = null;
  try {
    if (demo) loaded = loadDemo(store, content);
  } catch (error) {
    runtime.close();
    throw error;
  }
  // The console has no Slack: people are who `--as` / `/as` says.
  const identity = createIdentity({ store, lookupEmail: async () => null });
  return {
    content,
    store,
    feedback,
    bot,
    identity,
    remind: createRemindFlow({ content, store, broadcaster: service.broadcaster }),
    dbPath,
    demo: loaded,
    close() {
      service.close();
      runtime.close();
    },
  };
}
