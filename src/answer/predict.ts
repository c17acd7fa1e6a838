// The engine seen as the evaluation sees it: kind, answered entry, offered entries, ranking, every
// question of a message.
import type { AnswerEngine } from './engine.js';
import type { EvalQuestion, Prediction } from './evaluate.js';

export function predictWith(engine: AnswerEngine): (q: string, question?: EvalQuestion) => Prediction {
  return (q, question) => {
    // A follow-up (`after`) is asked with the message before it, as the bot keeps it for the asker.
    const answer = engine.answer(q, question?.after === undefined ? {} : { previous: question.after });
    const faq = answer.faq?.id ?? null;
    const rest = engine
      .rank(q)
      .map((h) => h.entry.id)
      .filter((id) => id !== faq);
    return {
      kind: answer.kind,
      faq,
      ranked: faq ? [faq, ...rest] : rest,
      // Offered: the entries shown as buttons because they were plausible (a greeting's usual ones are not).
      offered:
        answer.kind === 'unknown' ||
        answer.kind === 'sensitive' ||
        (answer.kind === 'greeting' && answer.band === 'did-you-mean')
          ? answer.suggestions.map((s) => s.id)
          : [],
      answers: (answer.answers ?? [answer]).map((a) => a.faq?.id ?? null),
    };
  };
}
