// The CLI run in-process, as `npm run cli` runs it, with its output captured: for the CLI tests.
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `cli ARGS` in `cwd` with only `env` set (no stdin), and returns its exit code and output. */
export async function runCliIn(cwd: string, env: Record<string, string>, args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readStdin: async () => '',
    env,
    cwd,
  };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
