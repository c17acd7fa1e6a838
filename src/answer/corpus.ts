// What the intent model learns from: every training phrasing with its label (an FAQ entry, out-of-scope,
// personal status, greeting or disclosure) and its writer, plus each entry's own question.
import type { Content } from '../content/load.js';
import { OUT_OF_SCOPE } from '../content/schemas.js';
import { DISCLOSURE, GREETING, NOT_DISCLOSURE, PERSONAL } from '../content/training.js';

export { DISCLOSURE, GREETING, OUT_OF_SCOPE, PERSONAL };

/** The writer of the entries' own questions: always trained on, never left out. */
export const FAQ_WRITER = 'faq';

export interface Example {
  text: string;
  label: string;
  writer: string;
}

export function trainingExamples(content: Pick<Content, 'faq' | 'training'>): Example[] {
  const own = content.faq.entries.map((e) => ({ text: e.question, label: e.id, writer: FAQ_WRITER }));
  const written = content.training.phrasings
    // A course question with no entry named only tells the detector what a disclosure is not.
    .filter((p) => p.label !== NOT_DISCLOSURE)
    .map((p) => ({ text: p.text, label: p.label, writer: p.writer }));
  return [...own, ...written];
}
