// What a CLI command may touch: output streams, stdin and the environment, injected so tests can run commands in-process.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type CliConfig, type Env, loadCliConfig } from '../config.js';
import { AppError, messageOf } from '../errors.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input. */
  readStdin(): Promise<string>;
  /** The variables src/config.ts reads; when absent, it reads the process's own. */
  env?: Env;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    cwd: process.cwd(),
  };
}

/** A mistake in how the command was called: printed with the command's usage, exit 1. */
export class CliUsageError extends AppError {
  static override readonly code = 'cli_usage';
  static override readonly expected = true;
  override name = 'CliUsageError';
}

/** node:util parseArgs, with its errors turned into usage errors. */
export function parseCliArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError(messageOf(error));
  }
}

/** The settings every command reads from src/config.ts (a bad one is a ConfigError: exit 1 with its message). */
export function cliConfig(io: CliIo): CliConfig {
  return loadCliConfig(io.env);
}

/** `--content DIR`, else CONTENT_DIR, else ./content. */
export function contentDir(flag: string | undefined, io: CliIo): string {
  return flag ?? cliConfig(io).contentDir;
}
