// The engine seen as the evaluation sees it: kind, answered entry, ranking, every question of a message.
import type { AnswerEngine } from './engine.js';
import type { EvalQuestion, Prediction } from './evaluate.js';

export function predictWith(engine: AnswerEngine): (q: string, question?: EvalQuestion) => Prediction {
  return (q, question) => {
    // A follow-up is asked after its previous message, as the bot would ask it.
    const previous =
      question?.after !== undefined
        ? { question: question.after, faqId: engine.answer(question.after).faq?.id ?? null }
        : undefined;
    const answer = engine.answer(q, previous ? { previous } : {});
    const faq = answer.faq?.id ?? null;
    const rest = engine
      .rank(q)
      .map((h) => h.entry.id)
      .filter((id) => id !== faq);
    return {
      kind: answer.kind,
      faq,
      ranked: faq ? [faq, ...rest] : rest,
      answers: (answer.answers ?? [answer]).map((a) => a.faq?.id ?? null),
    };
  };
}
