// The engine seen as the evaluation sees it: kind, answered entry, ranking.
import type { AnswerEngine } from './engine.js';
import type { Prediction } from './evaluate.js';

export function predictWith(engine: AnswerEngine): (q: string) => Prediction {
  return (q) => {
    const answer = engine.answer(q);
    const faq = answer.kind === 'faq' ? (answer.faq?.id ?? null) : null;
    const rest = engine
      .rank(q)
      .map((h) => h.entry.id)
      .filter((id) => id !== faq);
    return { kind: answer.kind, faq, ranked: faq ? [faq, ...rest] : rest };
  };
}
