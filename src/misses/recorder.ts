// The bot's seams for learning from misses: counts every answer by kind and day, keeps unanswered and 👎
// questions (redacted, never sensitive, never with who asked), and says when a DM is a person's first.
// Recording never gets in the way of answering, and nothing it reports quotes what a person wrote.
// Redaction happens here, once: the store keeps what it is given.

import type { AnswerKind, Band } from '../answer/index.js';
import { sensitiveMatch } from '../answer/intent.js';
import { normalise } from '../answer/normalise.js';
import { redactQuestion } from '../privacy/redact.js';
import { DAY_MS, dayIn } from '../rules/index.js';
import type { MissesRepository } from '../store/index.js';

/** How long a question waits in memory for a 👎 on its answer, and how many may wait at once. */
export const PENDING_FEEDBACK = { ttlMs: DAY_MS, max: 1000 } as const;

export interface MissRecorderDeps {
  misses: Pick<MissesRepository, 'recordMiss' | 'countAnswer' | 'firstContact'>;
  now?: () => Date;
  /** Days are counted in this zone (the cycle's); default UTC. */
  timeZone?: string;
  /** Told that recording failed; the error is the store's, which never holds the question. */
  onError?: (what: string, error: unknown) => void;
}

export interface MissRecorder {
  /** Every answer the bot gives: one more for its kind today. Nothing else about it is kept. */
  answered(event: { kind: AnswerKind; band: Band }): void;
  /** The bot could not answer: keep the question, redacted, unless it reads as sensitive. */
  missed(miss: { question: string }): void;
  /**
   * An FAQ answer went out for a typed question: held in memory, redacted, so that a 👎 on
   * it can keep the question. `asker` is whatever identifies the conversation; it is never stored.
   */
  answeredFaq(asker: string, faqId: string, question: string): void;
  /** A 👎 on an FAQ entry: keeps the question that led to it, if one is waiting; true when one was kept. */
  unhelpful(asker: string, faqId: string): boolean;
  /** True for a Slack user's first DM with the bot (sets the flag); false for the console (no Slack id). */
  isFirstContact(viewer: { slackUserId: string | null }): boolean;
}

export function createMissRecorder(deps: MissRecorderDeps): MissRecorder {
  const now = deps.now ?? (() => new Date());
  const zone = deps.timeZone ?? 'UTC';
  const today = () => dayIn(now(), zone);
  const pending = new Map<string, { question: string; at: number }>();
  const key = (asker: string, faqId: string) => `${asker}\u0000${faqId}`;

  const guarded = <T>(what: string, fallback: T, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      deps.onError?.(what, error);
      return fallback;
    }
  };

  /** `question` as typed; `redacted` what may be kept of it (the same text for one already redacted). */
  const keep = (
    question: string,
    redacted: string,
    reason: 'unknown' | 'unhelpful',
    faqId: string | null,
  ): boolean => {
    // The engine routed it elsewhere, but the rule is absolute: a message that reads as sensitive is never kept.
    if (sensitiveMatch(normalise(question)) !== null) return false;
    if (redacted === '') return false;
    deps.misses.recordMiss({ text: redacted, reason, faqId, day: today() });
    return true;
  };

  const prune = (at: number) => {
    for (const [k, v] of pending) {
      if (at - v.at <= PENDING_FEEDBACK.ttlMs && pending.size <= PENDING_FEEDBACK.max) break;
      pending.delete(k);
    }
  };

  return {
    answered({ kind, band }) {
      // An unknown is counted by its band: "did you mean" (the likeliest entries offered) or out of scope.
      const counted = kind === 'unknown' ? band : kind;
      guarded('count an answer', undefined, () => deps.misses.countAnswer(counted, today()));
    },
    missed({ question }) {
      guarded('keep an unanswered question', false, () =>
        keep(question, redactQuestion(question), 'unknown', null),
      );
    },
    answeredFaq(asker, faqId, question) {
      const at = now().getTime();
      const k = key(asker, faqId);
      // Re-inserted so the map stays in arrival order and pruning can stop at the first fresh entry.
      pending.delete(k);
      // Redacted already: only what may be kept is held, even in memory.
      pending.set(k, { question: redactQuestion(question), at });
      prune(at);
    },
    unhelpful(asker, faqId) {
      const at = now().getTime();
      prune(at);
      const k = key(asker, faqId);
      const waiting = pending.get(k);
      if (!waiting) return false;
      pending.delete(k);
      return guarded('keep a question marked unhelpful', false, () =>
        keep(waiting.question, waiting.question, 'unhelpful', faqId),
      );
    },
    isFirstContact({ slackUserId }) {
      if (slackUserId === null) return false;
      return guarded('check the privacy notice flag', false, () => deps.misses.firstContact(slackUserId));
    },
  };
}
