// What the intent model learns from: every training phrasing with its label (an FAQ entry, out-of-scope,
// personal status, greeting, disclosure, follow-up or told-and-asked) and its writer, plus each entry's own question.
import type { Content } from '../content/load.js';
import type { ExchangeKind } from '../content/schemas.js';
import { OUT_OF_SCOPE } from '../content/schemas.js';
import { DISCLOSURE, FOLLOW_UP, GREETING, NOT_DISCLOSURE, PERSONAL, TOLD } from '../content/training.js';

export { DISCLOSURE, FOLLOW_UP, GREETING, OUT_OF_SCOPE, PERSONAL, TOLD };

/** The writer of the entries' own questions: always trained on, never left out. */
export const FAQ_WRITER = 'faq';

/**
 * How trainingExamples reads the files: part of the cached content model's key (src/answer/model-cache.ts),
 * which is taken from the files' bytes without reading them. Raise it when the same files give other examples.
 * 2: round 23, the exchanges (a follow-up joined to its first message, and alone as FOLLOW_UP).
 */
export const EXAMPLES_FORMAT = 2;

export interface Example {
  text: string;
  label: string;
  writer: string;
  /** Of two messages in a row: the first, the second (the one answered) and what the second is. */
  before?: string;
  message?: string;
  kind?: ExchangeKind;
  /** Of a message that tells something and asks (TOLD): the entry that answers the question part. */
  asks?: string;
}

export function trainingExamples(content: Pick<Content, 'faq' | 'training'>): Example[] {
  const own = content.faq.entries.map((e) => ({ text: e.question, label: e.id, writer: FAQ_WRITER }));
  const written = content.training.phrasings
    // A course question with no entry named only tells the detector what a disclosure is not.
    .filter((p) => p.label !== NOT_DISCLOSURE)
    .map((p) => ({
      text: p.text,
      label: p.label,
      writer: p.writer,
      ...(p.before !== undefined && p.message !== undefined
        ? { before: p.before, message: p.message, kind: p.kind }
        : {}),
      ...(p.asks !== undefined ? { asks: p.asks } : {}),
    }));
  return [...own, ...written];
}
