#!/usr/bin/env node
// The one command-line entry: `npm run --silent cli -- <command> [args]` in development; after a build, the
// package's `bin`: `npx harassment-training <command>` (no dev dependency), `harassment-training` in the image.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { failureText, isExpected } from '../errors.js';
import { type CliIo, CliUsageError, processIo } from './io.js';

/**
 * How every command is typed: the README and each command's `--help` use the same prefix. Built (dist/), the
 * CLI is the package's bin; from the sources, the npm script.
 */
export const CLI = import.meta.url.includes('/dist/cli/') ? 'harassment-training' : 'npm run --silent cli --';

interface Command {
  summary: string;
  /** Whole command lines that run as written from the repository root, once the demo roster is imported. */
  examples: readonly string[];
  load: () => Promise<{ run: (args: string[], io: CliIo) => Promise<number> }>;
}

/** Each command lives in its own module, loaded only when used. */
export const COMMANDS: Record<string, Command> = {
  content: {
    summary: 'content check [--content DIR]: validate content/ and list placeholders',
    examples: ['content check'],
    load: () => import('./content.js'),
  },
  model: {
    summary:
      'model build [--content DIR]: train the answer model into the model cache, so that a start reads it instead of training it',
    examples: ['model build'],
    load: () => import('./model.js'),
  },
  ask: {
    summary: 'ask "QUESTION" | ask --jsonl [--content DIR]: answer a question, or one per stdin line as JSON',
    examples: ['ask "can I take more than one course?"'],
    load: () => import('./ask.js'),
  },
  roster: {
    summary:
      'roster import FILE.csv [--dry-run] [--allow-mass-deactivation] | roster show EMAIL [--on DATE] [--db FILE] [--content DIR]: the HR roster',
    examples: [
      'roster import examples/roster.csv --dry-run',
      'roster show bram.placeholder@example.edu --on 2021-02-20',
    ],
    load: () => import('./roster.js'),
  },
  completions: {
    summary: 'completions import FILE.csv [--dry-run] [--db FILE] [--content DIR]: the LMS completion report',
    examples: ['completions import examples/completions.csv --dry-run'],
    load: () => import('./completions.js'),
  },
  access: {
    summary:
      'access grant|revoke EMAIL admin | access grant|revoke EMAIL dept-admin --department D | access list [--db FILE]',
    examples: [
      'access grant seth.deptadmin@example.edu dept-admin --department "Imaginary Physics"',
      'access list',
    ],
    load: () => import('./access.js'),
  },
  db: {
    summary:
      'db backup FILE [--force] | db status [--db FILE]: an online copy of the database (never over an existing file unless --force), or what it holds',
    examples: ['db status', 'db backup backups/copy.db --force'],
    load: () => import('./db.js'),
  },
  status: {
    summary: 'status --profile FILE.json [--on DATE] [--json] [--content DIR]: do I need to take it?',
    examples: ['status --profile examples/profile.json --on 2021-02-10'],
    load: () => import('./status.js'),
  },
  misses: {
    summary:
      'misses [--db FILE] | misses promote ID --to FAQ_ID: unanswered and 👎 questions, grouped; YAML for an alternate',
    examples: ['misses'],
    load: () => import('./misses.js'),
  },
  stats: {
    summary: 'stats [--json] [--db FILE]: 👍/👎 per FAQ entry and answers per kind and day (counts only)',
    examples: ['stats --json'],
    load: () => import('./stats.js'),
  },
  remind: {
    summary:
      'remind --template T [--state not-completed|overdue|window-open|due-within --days N] [--group G] [--department D] [--note TEXT] [--channel C] [--dry-run] [--on DATE] [--as EMAIL] [--rate PER_MIN] | remind --resume | remind --history | remind --schedule [--days N] [--on DATE] [--db FILE]: reminders and announcements (sending needs SLACK_BOT_TOKEN); --schedule lists what the scheduler would send, sending nothing',
    examples: ['remind --group all-schools --state overdue --template overdue --dry-run --on 2021-02-20'],
    load: () => import('./remind.js'),
  },
  report: {
    summary:
      'report [--department D] [--csv FILE | --chart FILE.png | --history] [--on DATE] [--db FILE]: completion per training group and department, its chart, or its history',
    examples: ['report --department "Imaginary Physics" --on 2021-02-20'],
    load: () => import('./report.js'),
  },
};

/** `--help` or `-h` among a command's own arguments (not after `--`, where it would be text). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** One command's usage and its examples: what `cli NAME --help` and `cli help NAME` print. */
export function commandHelp(name: string): string {
  const command = COMMANDS[name];
  if (!command) throw new Error(`No command "${name}"`);
  const examples = command.examples.map((e) => `  ${CLI} ${e}`);
  const heading = examples.length === 1 ? 'Example' : 'Examples';
  return `Usage: ${CLI} ${command.summary}\n\n${heading}:\n${examples.join('\n')}`;
}

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' && args[0] !== undefined && COMMANDS[args[0]]) {
    io.out(commandHelp(args[0]));
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return 1;
  }
  if (asksForHelp(args)) {
    io.out(commandHelp(name));
    return 0;
  }
  try {
    const module = await command.load();
    return await module.run(args, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.err(`${error.message}\nUsage: ${command.summary}`);
      return 1;
    }
    if (isExpected(error)) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `Usage: ${CLI} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${CLI} <command> --help (or ${CLI} help <command>) shows a command's usage with an example.`;
}

/** The process's exit code: runCli's, or 2 after a bug, which is printed with its stack. */
export async function runCliProcess(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await runCli(argv, io);
  } catch (error) {
    io.err(failureText(error));
    return 2;
  }
}

// Run as a command: directly, or through the bin's link (npx, node_modules/.bin, /usr/local/bin).
const invoked = process.argv[1] ? pathToFileURL(realpathSync(process.argv[1])).href : '';
if (import.meta.url === invoked) {
  runCliProcess(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
