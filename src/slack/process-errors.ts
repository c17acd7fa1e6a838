// What the app process does with an error nothing caught. A promise nobody awaited that rejects is logged and
// the process keeps serving: the work it belonged to is lost, nothing else is. An exception thrown outside any
// handler leaves the process in a state nobody can vouch for: it is logged, the app stops taking requests
// (up to `graceMs` for the work in flight), and the process exits 1 for its supervisor (systemd, Kubernetes,
// pm2) to start it again; a campaign it interrupted resumes at start-up. Neither line carries the error's
// payload: a Web API error holds the request, and with it what someone wrote.
import { describeSlackError } from './send.js';

export const UNHANDLED_REJECTION = 'Unexpected error (a promise nobody awaited); still serving';
export const UNCAUGHT_EXCEPTION = 'Unexpected error; stopping so that the supervisor starts the app again';

export interface ProcessErrorOptions {
  log: (line: string) => void;
  /** Stop taking requests and let the work in flight finish; bounded by `graceMs`. */
  stop?: () => Promise<void>;
  graceMs?: number;
  exit?: (code: number) => void;
  /** The process (tests give an EventEmitter). */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Installs the two handlers; returns a function that removes them. */
export function installProcessErrorHandlers(options: ProcessErrorOptions): () => void {
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const graceMs = options.graceMs ?? 5000;
  let stopping = false;
  const onRejection = (reason: unknown) => {
    options.log(`${UNHANDLED_REJECTION}: ${describeSlackError(reason)}`);
  };
  const onException = (error: unknown) => {
    options.log(`${UNCAUGHT_EXCEPTION}: ${describeSlackError(error)}`);
    if (stopping) return;
    stopping = true;
    const stopped = options.stop?.().catch(() => undefined) ?? Promise.resolve();
    const deadline = new Promise<void>((r) => setTimeout(r, graceMs).unref());
    void Promise.race([stopped, deadline]).then(() => exit(1));
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
