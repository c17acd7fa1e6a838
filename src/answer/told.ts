// A message that tells something and asks about the training (round 29 on): what goes under the careful reply, the
// answer to what the rest of the message asks or its likeliest entries as buttons. Pure over the reader.
import { DISCLOSURE } from './corpus.js';
import { ALTERNATIVE_AT, type Cutoffs, type Decision, decide, faqMass, MAX_SUGGESTIONS } from './decide.js';
import type { LabelScore } from './intent-model.js';
import { asks } from './messages.js';
import type { Reader } from './reader.js';

/** The other labels as the model weighs them given that the message is not a disclosure (they sum to 1 again). */
export function withoutDisclosure(scores: readonly LabelScore[]): LabelScore[] {
  const rest = 1 - (scores.find((s) => s.label === DISCLOSURE)?.p ?? 0);
  return scores
    .filter((s) => s.label !== DISCLOSURE)
    .map((s) => ({ label: s.label, p: rest > 0 ? s.p / rest : 0 }));
}

/** The message read whole as one that tells and asks (toldWeight at toldAt), and it, normalised and as written. */
export interface ToldReading {
  whole: boolean;
  normalised: string;
  question: string;
}

/**
 * A careful reply to a message of several clauses, some of which tell something and the rest ask: the rest read
 * as a question on its own. Its answer goes under the careful reply when the model is sure of the entry there and
 * the rest asks something (a question word or verb first, or a question after its context, as the splitter reads
 * a question: "… a guy in my lab won't leave me alone. anyway how do i get into the training"). Otherwise its
 * likeliest entries are offered as buttons: "I was assaulted by someone I work with. I don't know where to start"
 * asks nothing of the training, whatever "where to start" reads as alone (round 29, the eight groups: of 3,416
 * disclosures alone, 118 were given an answer under the careful reply without that condition).
 */
export function withQuestionBeside(
  reader: Pick<Reader, 'predict' | 'tells'>,
  cutoffs: Cutoffs,
  isEntry: (label: string) => boolean,
  decision: Decision,
  parts: readonly string[],
  told: ToldReading,
): Decision {
  if (decision.kind !== 'sensitive' || decision.faqId !== null) return decision;
  const { predict, tells } = reader;
  const rest = parts.filter((clause) => !tells(clause));
  const byClauses = rest.length > 0 && rest.length < parts.length;
  if (!byClauses && !told.whole) return decision;
  // The clauses that tell nothing, read as a question; or else, of a message the model reads whole as telling and
  // asking, the whole as the model reads it telling nothing: neither told-and-asked (read() leaves that out) nor a
  // disclosure. It asks something when a clause does, or it has a question mark.
  const asked = decide(
    byClauses ? predict(rest.join(' ')) : withoutDisclosure(predict(told.normalised)),
    cutoffs,
    isEntry,
    false,
  );
  // Read from the other clauses alone, the entry is answered only when it is plausible in the whole message too:
  // at least the runner-up's floor (ALTERNATIVE_AT) of what the whole gives the entries. Else it is offered, one
  // click away: "what should i do" after "my student told me her advisor is harassing her" reads alone as the
  // not-enough-time entry (0.70), whole as the specific-situation one (0.68, not-enough-time under 0.001; round 34).
  const named = asked.kind === 'faq' && asked.band === 'answer' ? asked.faqId : null;
  const plausibleWhole = (id: string) => {
    if (!byClauses) return true;
    const whole = predict(told.normalised);
    const mass = faqMass(whole, isEntry);
    return mass > 0 && (whole.find((s) => s.label === id)?.p ?? 0) / mass >= ALTERNATIVE_AT;
  };
  const sure = named !== null && plausibleWhole(named) ? named : null;
  const asking = byClauses
    ? rest.some((clause) => asks(clause, false))
    : told.question.includes('?') || [told.normalised, ...parts].some((clause) => asks(clause, false));
  if (sure !== null && asking) return { ...decision, faqId: sure, candidates: [] };
  if (decision.candidates.length === 0) {
    const offered = named === null ? asked.candidates : [named, ...asked.candidates];
    return offered.length > 0 ? { ...decision, candidates: offered.slice(0, MAX_SUGGESTIONS) } : decision;
  }
  // The whole message's own candidates first.
  return named !== null && sure === null
    ? { ...decision, candidates: [...new Set([...decision.candidates, named])].slice(0, MAX_SUGGESTIONS) }
    : decision;
}
