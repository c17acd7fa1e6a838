// The one command-line entry: `npm run --silent cli -- <command> [args]`.
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config.js';
import { ContentError } from '../content/load.js';
import { type CliIo, CliUsageError, processIo } from './io.js';

/** Each command lives in its own module, loaded only when used. */
const COMMANDS: Record<
  string,
  { summary: string; load: () => Promise<{ run: (args: string[], io: CliIo) => Promise<number> }> }
> = {
  content: {
    summary: 'content check [--content DIR]: validate content/ and list placeholders',
    load: () => import('./content.js'),
  },
  ask: {
    summary: 'ask "QUESTION" | ask --jsonl [--content DIR]: answer a question, or one per stdin line as JSON',
    load: () => import('./ask.js'),
  },
  roster: {
    summary:
      'roster import FILE.csv [--dry-run] [--allow-mass-deactivation] | roster show EMAIL [--on DATE] [--db FILE] [--content DIR]: the HR roster',
    load: () => import('./roster.js'),
  },
  completions: {
    summary: 'completions import FILE.csv [--dry-run] [--db FILE] [--content DIR]: the LMS completion report',
    load: () => import('./completions.js'),
  },
  access: {
    summary:
      'access grant|revoke EMAIL admin | access grant|revoke EMAIL dept-admin --department D | access list [--db FILE]',
    load: () => import('./access.js'),
  },
  db: {
    summary:
      'db backup FILE [--force] | db status [--db FILE]: an online copy of the database (never over an existing file unless --force), or what it holds',
    load: () => import('./db.js'),
  },
  status: {
    summary: 'status --profile FILE.json [--on DATE] [--json] [--content DIR]: do I need to take it?',
    load: () => import('./status.js'),
  },
  misses: {
    summary:
      'misses [--db FILE] | misses promote ID --to FAQ_ID: unanswered and 👎 questions, grouped; YAML for an alternate',
    load: () => import('./misses.js'),
  },
  stats: {
    summary: 'stats [--json] [--db FILE]: 👍/👎 per FAQ entry and answers per kind and day (counts only)',
    load: () => import('./stats.js'),
  },
  remind: {
    summary:
      'remind --template T [--state not-completed|overdue|window-open|due-within --days N] [--group G] [--department D] [--note TEXT] [--channel C] [--dry-run] [--on DATE] [--as EMAIL] [--rate PER_MIN] | remind --resume | remind --history [--db FILE]: reminders and announcements (sending needs SLACK_BOT_TOKEN)',
    load: () => import('./remind.js'),
  },
  report: {
    summary:
      'report [--department D] [--csv FILE] [--on DATE] [--db FILE]: completion per training group and department',
    load: () => import('./report.js'),
  },
};

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return 1;
  }
  try {
    const module = await command.load();
    return await module.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`${error.message}\nUsage: ${command.summary}`);
      return 1;
    }
    if (error instanceof ContentError || error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `Usage: npm run --silent cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 2;
    },
  );
}
