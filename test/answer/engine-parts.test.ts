// The engine's parts on their own, with a scripted reading in place of the model: several questions in one message,
// a message that tells and asks, and a message read with the one before. What a person would see of each: which
// questions are answered, in what order, and what is offered instead.
import { describe, expect, it } from 'vitest';
import { DISCLOSURE, OUT_OF_SCOPE } from '../../src/answer/corpus.js';
import { type Cutoffs, type Decision, decide } from '../../src/answer/decide.js';
import { ENGINE_OPTIONS } from '../../src/answer/engine.js';
import { withPrevious } from '../../src/answer/follow-up.js';
import type { LabelScore, Reading } from '../../src/answer/intent-model.js';
import { normalise } from '../../src/answer/normalise.js';
import { type Answer, type AskContext, createReplies } from '../../src/answer/replies.js';
import { answerQuestions, MAX_QUESTIONS, type SeveralDeps } from '../../src/answer/several.js';
import { withQuestionBeside } from '../../src/answer/told.js';
import { loadContent } from '../../src/content/load.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const replies = createReplies(content, () => new Date('2021-02-01T15:00:00Z'));
const ids = new Set(content.faq.entries.map((e) => e.id));
const isEntry = (label: string) => ids.has(label);
const cutoffs: Cutoffs = { answerAt: 0.7, suggestAt: 0.2, disclosureAt: 0.2, clauseDisclosureAt: 0.9 };

/** A reading: the labels given, the rest of the probability to out of scope. */
function reading(given: Record<string, number>): LabelScore[] {
  const rest = 1 - Object.values(given).reduce((a, b) => a + b, 0);
  return [...Object.entries(given).map(([label, p]) => ({ label, p })), { label: OUT_OF_SCOPE, p: rest }]
    .filter((s) => s.p > 0)
    .sort((a, b) => b.p - a.p);
}

/** A scripted model: each normalised text's reading; anything else, out of scope. */
function scripted(readings: Record<string, Record<string, number>>, followUps: readonly string[] = []) {
  const read = (text: string): Reading => ({
    scores: reading(readings[text] ?? {}),
    followUp: followUps.includes(text),
    told: 0,
  });
  return { read, predict: (text: string) => read(text).scores };
}

const fromDecision = (decision: Decision, _asked: string, _ctx: AskContext): Answer => {
  const entry = decision.faqId === null ? undefined : replies.entry(decision.faqId);
  if (decision.kind === 'faq' && entry) return replies.faq(entry, decision.confidence);
  return replies.unknown(decision.candidates, decision.confidence);
};

describe('several questions in one message', () => {
  const model = scripted({
    'can i do the training during working hours': { 'working-hours': 0.98 },
    'who do i contact if the page breaks': { 'technical-difficulties': 0.95 },
    'how do i reset my kerberos password': {},
    'is it every two weeks': { 'every-year': 0.9 },
  });
  const deps: SeveralDeps = {
    options: ENGINE_OPTIONS,
    cutoffs,
    isEntry,
    replies,
    answerOne: (text, ctx) =>
      fromDecision(decide(model.predict(normalise(text)), cutoffs, isEntry), text, ctx),
    fromDecision,
  };
  const ask = (question: string, whole: Record<string, number>) => {
    const scores = reading(whole);
    const normalised = normalise(question);
    const decision = decide(scores, cutoffs, isEntry);
    return answerQuestions(deps, { question, bounded: question, normalised, scores, whole: decision }, {});
  };
  const entriesOf = (a: Answer) => (a.answers ?? [a]).map((x) => x.faq?.id ?? x.kind);

  it('answers each, in order, when each is answered confidently and differently', () => {
    const a = ask('Can I do the training during working hours? Who do I contact if the page breaks?', {
      'working-hours': 0.5,
      'technical-difficulties': 0.4,
    });
    expect(entriesOf(a)).toEqual(['working-hours', 'technical-difficulties']);
    expect(a.faq?.id).toBe('working-hours');
  });

  it('says a part surely out of scope is not covered, in its place, and answers the rest', () => {
    const a = ask('How do I reset my Kerberos password? Can I do the training during working hours?', {
      'working-hours': 0.3,
    });
    expect(entriesOf(a)).toEqual(['unknown', 'working-hours']);
    expect(a.answers?.[0]?.text).toContain('"how do i reset my kerberos password"');
  });

  it('reads the message whole when a part answered beside one out of scope is implausible in the whole', () => {
    // Alone, "is it every two weeks" reads as the every-year entry; after "when do I get paid", no.
    const a = ask('How do I reset my Kerberos password? Is it every two weeks?', { 'every-year': 0.01 });
    expect(entriesOf(a)).toEqual(['unknown']);
    expect(a.answers).toHaveLength(1);
  });

  it(`answers the first ${MAX_QUESTIONS} and says how many are left`, () => {
    const a = ask(
      'Can I do the training during working hours? Who do I contact if the page breaks? How do I reset my Kerberos password? Is it every two weeks?',
      { 'working-hours': 0.4, 'technical-difficulties': 0.4, 'every-year': 0.1 },
    );
    expect(a.answers).toHaveLength(MAX_QUESTIONS);
    expect(a.questionsLeft).toBe(1);
  });
});

describe('a message that tells something and asks', () => {
  const told = (
    decision: Decision,
    parts: string[],
    readings: Record<string, Record<string, number>>,
    tells: string[],
  ) => {
    const model = scripted(readings);
    const reader = { predict: model.predict, tells: (clause: string) => tells.includes(clause) };
    const normalised = parts.join(' ');
    return withQuestionBeside(reader, cutoffs, isEntry, decision, parts, {
      whole: false,
      normalised,
      question: normalised,
    });
  };
  const careful: Decision = {
    kind: 'sensitive',
    band: 'answer',
    faqId: null,
    candidates: [],
    supportLine: false,
    confidence: 0.9,
  };
  const telling = 'a guy in my lab wont leave me alone';

  it('answers what the rest asks under the careful reply, when the model is sure of it there and in the whole', () => {
    const asked = 'anyway how do i get into the training';
    const d = told(
      careful,
      [telling, asked],
      {
        [asked]: { 'access-training': 0.95 },
        [`${telling} ${asked}`]: { [DISCLOSURE]: 0.6, 'access-training': 0.3 },
      },
      [telling],
    );
    expect(d.kind).toBe('sensitive');
    expect(d.faqId).toBe('access-training');
  });

  it('only offers the entry when the rest asks nothing of the training', () => {
    const rest = 'i dont know where to start';
    const d = told(
      careful,
      [telling, rest],
      {
        [rest]: { 'access-training': 0.8 },
        [`${telling} ${rest}`]: { [DISCLOSURE]: 0.7, 'access-training': 0.2 },
      },
      [telling],
    );
    expect(d.faqId).toBeNull();
    expect(d.candidates[0]).toBe('access-training');
  });

  it('leaves an answer or a reply that is not the careful one as it is', () => {
    const answer: Decision = { ...careful, kind: 'faq', faqId: 'working-hours' };
    expect(told(answer, [telling, 'can i do it at work'], {}, [telling])).toBe(answer);
  });
});

describe('a message read with the one before it', () => {
  const model = scripted(
    {
      'my appointment ends soon': { 'appointment-expiring': 0.5 },
      // Unsure alone: out of scope at 0.45, the likeliest entry at 0.35.
      'it ends march 15': { 'appointment-expiring': 0.35, 'rollout-schedule': 0.2 },
      'my appointment ends soon it ends march 15': { 'appointment-expiring': 0.95 },
      'does he need to take it': { 'training-requirement': 0.9 },
      'our visiting professor is unpaid does he need to take it': { 'unpaid-appointment': 0.9 },
    },
    ['does he need to take it'],
  );
  const deps = { options: ENGINE_OPTIONS, cutoffs, isEntry, reader: model, fromDecision };
  const alone = (text: string) =>
    fromDecision(decide(model.predict(normalise(text)), cutoffs, isEntry), text, {});
  const askedAfter = (previous: string, text: string) => withPrevious(deps, text, alone(text), { previous });

  it('answers a message not understood alone as the two together say', () => {
    const a = askedAfter('My appointment ends soon', 'It ends March 15');
    expect(a.faq?.id).toBe('appointment-expiring');
    expect(a.readWithPrevious).toBe(true);
  });

  it('reads a follow-up with the message before however sure it is alone', () => {
    expect(alone('Does he need to take it?').faq?.id).toBe('training-requirement');
    expect(askedAfter('Our visiting professor is unpaid', 'Does he need to take it?').faq?.id).toBe(
      'unpaid-appointment',
    );
  });

  it('keeps its own reading without a message before, or after the same message again', () => {
    expect(withPrevious(deps, 'It ends March 15', alone('It ends March 15'), {}).kind).toBe('unknown');
    expect(askedAfter('It ends March 15', 'it ends march 15').readWithPrevious).toBeUndefined();
  });
});
