// The bot's seams for learning from misses: counts every answer by kind and day, keeps unanswered and 👎
// questions (redacted, never sensitive, never with who asked), and says when a DM is a person's first.
// Recording never gets in the way of answering, and nothing it reports quotes what a person wrote.
// Redaction happens here, once: the store keeps what it is given.

import type { AnswerKind, Band } from '../answer/index.js';
import { sensitiveMatch } from '../answer/intent.js';
import { normalise } from '../answer/normalise.js';
import { coalesce } from '../coalesce.js';
import { redactQuestion } from '../privacy/redact.js';
import { DAY_MS, dayIn } from '../rules/index.js';
import type { MissesRepository } from '../store/index.js';

/** How long a question waits in memory for a 👎 on its answer, and how many may wait at once. */
export const PENDING_FEEDBACK = { ttlMs: DAY_MS, max: 1000 } as const;

export interface MissRecorderDeps {
  misses: Pick<MissesRepository, 'recordMiss' | 'countAnswers' | 'firstContacts'>;
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
  /**
   * A question not answered. `part`: of a message with several questions, the one not answered, which is all
   * that is kept (the rest was answered; kept whole, a reviewer could promote it as out of scope). The whole
   * message is still what the sensitive guard reads.
   */
  missed(miss: { question: string; part?: string }): void;
  /**
   * An FAQ answer went out for a typed question: held in memory, redacted, so that a 👎 on
   * it can keep the question. `asker` is whatever identifies the conversation; it is never stored.
   */
  answeredFaq(asker: string, faqId: string, question: string): void;
  /** A 👎 on an FAQ entry: keeps the question that led to it, if one is waiting; true when one was kept. */
  unhelpful(asker: string, faqId: string): Promise<boolean>;
  /**
   * True for a Slack user's first DM with the bot (sets the flag); false for the console (no Slack id), and
   * when the database does not answer within FIRST_CONTACT_WAIT_MS (the reply does not wait on a lock).
   */
  isFirstContact(viewer: { slackUserId: string | null }): Promise<boolean>;
  /** Resolves once every write started so far has ended (tests, and a clean shutdown). */
  settled(): Promise<void>;
}

/** How long a first DM's reply waits to learn whether it is the first. */
export const FIRST_CONTACT_WAIT_MS = 1000;

/**
 * Slack users this process knows have had the privacy notice, at most: their next DMs do not ask the database
 * again (the flag is never unset, so a remembered one is always right; the oldest are forgotten first).
 */
export const NOTICE_SHOWN_REMEMBERED = 10_000;

export function createMissRecorder(deps: MissRecorderDeps): MissRecorder {
  const now = deps.now ?? (() => new Date());
  const zone = deps.timeZone ?? 'UTC';
  const today = () => dayIn(now(), zone);
  const pending = new Map<string, { question: string; at: number }>();
  const key = (asker: string, faqId: string) => `${asker}\u0000${faqId}`;

  // Writes go on beside the answer, never before it: a database that is locked or down delays nothing.
  const writes = new Set<Promise<unknown>>();
  const guarded = <T>(what: string, fallback: T, work: () => Promise<T>): Promise<T> => {
    const write = (async () => {
      try {
        return await work();
      } catch (error) {
        deps.onError?.(what, error);
        return fallback;
      }
    })();
    writes.add(write);
    void write.finally(() => writes.delete(write));
    return write;
  };

  /** `question` as typed; `redacted` what may be kept of it (the same text for one already redacted). */
  const keep = async (
    question: string,
    redacted: string,
    reason: 'unknown' | 'unhelpful',
    faqId: string | null,
  ): Promise<boolean> => {
    // The engine routed it elsewhere, but the rule is absolute: a message that reads as sensitive is never kept.
    if (sensitiveMatch(normalise(question)) !== null) return false;
    if (redacted === '') return false;
    await deps.misses.recordMiss({ text: redacted, reason, faqId, day: today() });
    return true;
  };

  // Counts and first-contact flags asked for while a statement runs go together in the next one (coalesce.ts).
  const countAnswers = coalesce<{ kind: string; day: string }, void>(async (counted) => {
    await deps.misses.countAnswers(counted.map(({ kind, day }) => ({ kind, day, count: 1 })));
    return [];
  });
  const firstContacts = coalesce<string, boolean>(async (ids) => {
    const shown = await deps.misses.firstContacts(ids);
    // The same user twice in one batch: their first message is the first contact, the next is not.
    return ids.map((id) => shown.delete(id));
  });
  const noticeShown = new Set<string>();
  const rememberShown = (slackUserId: string) => {
    noticeShown.add(slackUserId);
    if (noticeShown.size > NOTICE_SHOWN_REMEMBERED)
      noticeShown.delete(noticeShown.values().next().value as string);
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
      void guarded('count an answer', undefined, () => countAnswers({ kind: counted, day: today() }));
    },
    missed({ question, part }) {
      void guarded('keep an unanswered question', false, () =>
        keep(question, redactQuestion(part ?? question), 'unknown', null),
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
    async unhelpful(asker, faqId) {
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
    async isFirstContact({ slackUserId }) {
      if (slackUserId === null || noticeShown.has(slackUserId)) return false;
      const first = guarded('check the privacy notice flag', false, async () => {
        const answer = await firstContacts(slackUserId);
        rememberShown(slackUserId);
        return answer;
      });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), FIRST_CONTACT_WAIT_MS);
        timer.unref();
      });
      try {
        return await Promise.race([first, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async settled() {
      while (writes.size > 0) await Promise.allSettled([...writes]);
    },
  };
}
