// Each asker's previous DM, held in memory for minutes so that a message not understood alone ("it ends
// March 15", "still have to?") can be read with it (AskContext.previous). Held redacted, as the misses are:
// only what may be kept is held, even in memory. Never a sensitive message: one clears what was held.
import { redactQuestion } from '../privacy/redact.js';

/** How long a message waits to be read with the next one. */
export const FOLLOW_UP_WINDOW_MS = 10 * 60_000;
/** Askers whose previous message is held at once, at most (the oldest are forgotten first). */
export const FOLLOW_UPS_HELD = 1000;

export interface FollowUpMemory {
  /** The asker's previous message, if it came within the window. */
  recall(asker: string): string | undefined;
  remember(asker: string, message: string): void;
  forget(asker: string): void;
}

export function createFollowUpMemory(now: () => Date): FollowUpMemory {
  const held = new Map<string, { message: string; at: number }>();
  const prune = (at: number) => {
    // In arrival order: the stale ones, then any beyond the limit, come first.
    for (const [asker, entry] of held) {
      if (at - entry.at < FOLLOW_UP_WINDOW_MS && held.size <= FOLLOW_UPS_HELD) break;
      held.delete(asker);
    }
  };
  return {
    recall(asker) {
      prune(now().getTime());
      return held.get(asker)?.message;
    },
    remember(asker, message) {
      const at = now().getTime();
      held.delete(asker);
      held.set(asker, { message: redactQuestion(message), at });
      prune(at);
    },
    forget(asker) {
      held.delete(asker);
    },
  };
}
