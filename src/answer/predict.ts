// The engine seen as the evaluation sees it: kind, answered entry, offered entries, ranking, every
// question of a message.
import type { AnswerEngine } from './engine.js';
import type { EvalQuestion, Prediction } from './evaluate.js';
import type { Answer } from './replies.js';

/**
 * The entries shown as buttons because the model found them plausible: under "did you mean", the careful
 * reply, the asker's status or a greeting that may have asked something, and an answer's runner-up (first
 * among its related questions). Not the rest of an answer's related questions (its entry's, from the
 * content), nor a greeting's usual ones.
 */
export function offeredEntries(answer: Answer): string[] {
  if (answer.kind === 'faq') return answer.alternative === undefined ? [] : [answer.alternative];
  const plausible =
    answer.kind === 'unknown' ||
    answer.kind === 'sensitive' ||
    answer.kind === 'personal' ||
    (answer.kind === 'greeting' && answer.band === 'did-you-mean');
  return plausible ? answer.suggestions.map((s) => s.id) : [];
}

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
      offered: offeredEntries(answer),
      answers: (answer.answers ?? [answer]).map((a) => a.faq?.id ?? null),
      supportLine: answer.supportLine === true,
    };
  };
}
