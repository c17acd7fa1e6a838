// Everything the offline console runs on: content, the demo roster in an embedded SQLite file, the engine,
// the rules and the bot layer, wired exactly as the Slack app wires them.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type AdminDesk, type Bot, createIdentity, type Identity, type RemindFlow } from '../bot/index.js';
import type { BroadcastPort } from '../broadcast/index.js';
import { DEFAULTS } from '../config.js';
import { type Content, loadContent } from '../content/load.js';
import { createCore } from '../core.js';
import { AppError } from '../errors.js';
import { recordSnapshot } from '../reports/snapshots.js';
import { cycleOpens, groupFor } from '../rules/index.js';
import {
  type FeedbackRepository,
  formatImportIssue,
  type Grant,
  parseCompletions,
  parseRoster,
  type Store,
} from '../store/index.js';
import { defaultDay, GENERATED_DEMO, generateDemo } from './demo.js';

export const CONSOLE_DEFAULTS = {
  db: 'data/console.db',
  roster: 'examples/roster.csv',
  completions: 'examples/completions.csv',
  /** With the example roster: someone required, in an open window and not done yet on the default day. */
  as: 'bram.placeholder@example.edu',
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

export class ConsoleSetupError extends AppError {
  static override readonly code = 'console_setup';
  static override readonly expected = true;
  override name = 'ConsoleSetupError';
}

/** Said before the first start on new content trains the answer model: otherwise the terminal just sits there. */
export const TRAINING_NOTICE =
  'Training the answer model from the content (about a minute, the first time only: later starts read it from the model cache)…';

export interface ConsoleSetupOptions {
  contentDir: string;
  /** A database to use as it is; when absent, the demo database is recreated from the example CSVs. */
  db?: string;
  cwd: string;
  /**
   * The simulated moment (`--on`, `/on`): the rules' date only (CoreOptions.rulesDate). What is written down
   * (misses, answer counts, audit rows) is dated by the real clock.
   */
  rulesDate: { value: Date };
  /** How long unanswered questions are kept (MISSES_RETENTION_DAYS, src/config.ts). */
  retentionDays: number;
  /** Called before the answer model is trained (CoreOptions.onTrainingModel). */
  onTrainingModel?: () => void;
  /** Where the answer model is kept between starts (MODEL_CACHE_DIR). */
  modelCacheDir?: string;
}

export interface ConsoleRuntime {
  content: Content;
  store: Store;
  feedback: FeedbackRepository;
  bot: Bot;
  identity: Identity;
  /** The composer's submission: dry runs only (the console has no Slack to send through). */
  remind: RemindFlow;
  /** The admin section of the Home (already on `bot`) and the report as CSV. */
  admin: AdminDesk;
  dbPath: string;
  /** Set when the demo data was loaded: how many people and completions, and where from. */
  demo: DemoLoaded | null;
  /** Who and when the console starts as without `--as` / `--on`: a day inside the content's first window. */
  defaults: { as: string; on: string };
  close(): Promise<void>;
}

/** The repository root: the demo CSVs ship with the code, wherever the console is started from. */
const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface DemoLoaded {
  people: number;
  completions: number;
  /** The example files, or GENERATED_DEMO when they do not fit the content's cycle. */
  source: string;
  /** Why the example files were not used. */
  unfit: string | null;
  as: string;
}

/**
 * The example roster when it fits the cycle the content describes (it imports cleanly, every completion is
 * this cycle's, and every group has someone in it), else a demo made from the content.
 */
async function loadDemo(store: Store, content: Content, now: Date): Promise<DemoLoaded> {
  const own = ownDemo(content);
  if (own) {
    await store.importRoster(own.roster.records, { file: own.rosterFile });
    const summary = await store.importCompletions(own.completions.records, { file: own.completionsFile });
    await recordSnapshot(store, content, now, 'import');
    for (const grant of DEMO_GRANTS) await store.grant(grant);
    return {
      people: own.roster.records.length,
      completions: summary.recorded + summary.earlier + summary.unchanged,
      source: `${own.rosterFile} and ${own.completionsFile}`,
      unfit: null,
      as: own.roster.records[0]?.profile.email ?? '',
    };
  }
  const read = (file: string) => readFileSync(resolve(REPO_ROOT, file));
  const roster = parseRoster(read(CONSOLE_DEFAULTS.roster), CONSOLE_DEFAULTS.roster, content);
  const completions = parseCompletions(
    read(CONSOLE_DEFAULTS.completions),
    CONSOLE_DEFAULTS.completions,
    content,
  );
  const unfit = demoMisfit(content, roster, completions);
  const demo =
    unfit === null
      ? {
          roster: roster.records,
          completions: completions.records,
          as: CONSOLE_DEFAULTS.as,
          source: `${CONSOLE_DEFAULTS.roster} and ${CONSOLE_DEFAULTS.completions}`,
        }
      : { ...generateDemo(content), source: GENERATED_DEMO };
  await store.importRoster(demo.roster, { file: unfit === null ? CONSOLE_DEFAULTS.roster : GENERATED_DEMO });
  const summary = await store.importCompletions(demo.completions, { file: demo.source });
  // As `cli completions import` does: the day's counts, and every day of the cycle before it rebuilt.
  await recordSnapshot(store, content, now, 'import');
  for (const grant of DEMO_GRANTS) await store.grant(grant);
  return {
    people: demo.roster.length,
    completions: summary.recorded + summary.earlier + summary.unchanged,
    source: demo.source,
    unfit,
    as: demo.as,
  };
}

/**
 * The content folder's own demo roster (`roster.csv`, `completions.csv` beside its YAML, as
 * examples/institutions/<name>/ has), when it has one: imported as `cli roster import` would, every column kept.
 */
function ownDemo(content: Content): {
  roster: ReturnType<typeof parseRoster>;
  completions: ReturnType<typeof parseCompletions>;
  rosterFile: string;
  completionsFile: string;
} | null {
  const rosterFile = join(content.dir, 'roster.csv');
  const completionsFile = join(content.dir, 'completions.csv');
  if (!existsSync(rosterFile)) return null;
  const roster = parseRoster(readFileSync(rosterFile), rosterFile, content);
  const completions = existsSync(completionsFile)
    ? parseCompletions(readFileSync(completionsFile), completionsFile, content)
    : { records: [], issues: [], notes: [] };
  const issues = [...roster.issues, ...completions.issues];
  if (issues.length > 0) throw new ConsoleSetupError(issues.map(formatImportIssue).join('\n'));
  return { roster, completions, rosterFile, completionsFile };
}

function demoMisfit(
  content: Content,
  roster: ReturnType<typeof parseRoster>,
  completions: ReturnType<typeof parseCompletions>,
): string | null {
  const issues = [...roster.issues, ...completions.issues];
  if (issues.length > 0) return issues.map(formatImportIssue).join('\n');
  if (completions.notes.length > 0) return completions.notes.map(formatImportIssue).join('\n');
  const opens = cycleOpens(content);
  const early = completions.records.find((r) => r.completedOn < opens);
  if (early)
    return `${CONSOLE_DEFAULTS.completions}:${early.line}: ${early.completedOn} is before this cycle's first window (${opens})`;
  const empty = content.schedule.groups.find(
    (g) => !roster.records.some((r) => groupFor(r.profile, content)?.id === g.id),
  );
  if (empty) return `${CONSOLE_DEFAULTS.roster}: nobody is in the training group "${empty.id}"`;
  return null;
}

/** The console has no Slack: nothing can be posted, and a dry run never tries. */
const OFFLINE: BroadcastPort = {
  post: async () => ({ ok: false, error: 'not_connected', status: 0 }),
  listUsers: async () => ({ ok: false, error: 'not_connected', status: 0 }),
  findDelivered: async () => null,
};

export async function openConsoleRuntime(options: ConsoleSetupOptions): Promise<ConsoleRuntime> {
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
  // The simulated day is the rules' only: misses and answer counts are filed under the real day.
  const runtime = await createCore({
    content,
    databasePath: dbPath,
    rulesDate: () => options.rulesDate.value,
    retentionDays: options.retentionDays,
    ...(options.onTrainingModel ? { onTrainingModel: options.onTrainingModel } : {}),
    ...(options.modelCacheDir !== undefined ? { modelCacheDir: options.modelCacheDir } : {}),
    port: OFFLINE,
    broadcast: {
      ratePerMinute: DEFAULTS.broadcastRatePerMinute,
      requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
    },
  });
  const { store, bot, remind, admin } = runtime;
  const { feedback } = store;
  let loaded: DemoLoaded | null = null;
  try {
    if (demo) loaded = await loadDemo(store, content, options.rulesDate.value);
  } catch (error) {
    await runtime.close();
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
    remind,
    admin,
    dbPath,
    demo: loaded,
    defaults: { as: loaded?.as ?? CONSOLE_DEFAULTS.as, on: defaultDay(content) },
    close: runtime.close,
  };
}
