// Content questions 3 and 4: when someone describes a situation brought to them, the careful answer says who
// must inform IDHR, and never offers feedback buttons (that is the view's job; here the Answer value).
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/index.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { createReplies } from '../../src/answer/replies.js';
import { loadContent } from '../../src/content/load.js';
import { ANSWER_TEXT } from '../../src/text/messages.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });

describe('a situation brought to the asker (content questions 3 and 4)', () => {
  // Read as the FAQ's question about a specific situation brought to you, sure enough to answer it: its answer
  // (how to notify IDHR) and the support line under it. (Until round 13 the example was "a student told me her
  // advisor has been harassing her, what should i do"; it sits at the answer cut-off, and has gone from one reply
  // to the other with the training data: the round-14 model answers it so again. Told without the question, it
  // gets the careful reply with the situation's entries, below. Round 16's model reads round 14's example, "my
  // student says her advisor is harassing her, what do i do", 0.51 for this entry and 0.48 as a disclosure: the
  // careful reply, and with the entries together at 0.52, under the "did you mean" cut-off 0.54, without their
  // buttons (round 17's 0.35 offers them again). Round 17's model read round 22's example, "my student told me her
  // advisor is harassing her, what should i do", 0.73 / 0.27; round 23's reads it 0.51 / 0.49, the careful reply,
  // and round 13's example, "a student told me her advisor is harassing her, what should i do", 0.73 / 0.27. Round
  // 25's reads that one 0.89 / 0.11: the entry's answer, its disclosure reading under the cut-off (0.14), so without
  // the support line; and round 25's example, with "sexually", 0.81 / 0.18. Round 26's reads that one 0.61 / 0.39,
  // the careful reply, and round 13's 0.82 / 0.17 again: the entry's answer with the support line. Round 32's reads
  // round 13's 0.89 / 0.11 again, the answer without the support line, and round 25's, with "sexually", 0.77 / 0.23.
  // Round 33's (the disclosure cut-off 0.11) gives round 25's the careful reply with this entry offered first, and
  // answers round 13's with the support line: round 13's example again.)
  it('a student told me her advisor is harassing her, what should i do', () => {
    const answer = engine.answer('a student told me her advisor is harassing her, what should i do');
    expect(answer.kind).toBe('faq');
    expect(answer.faq?.id).toBe('specific-situation');
    expect(answer.text).toContain('Notify IDHR as a Responsible Employee');
    expect(answer.supportLine).toBe(true);
    expect(answer.text).toContain(content.resources.ifSomethingHappened);
  });

  it.each([
    'one of my employees said a coworker keeps making sexual comments to her',
    'a student told me her advisor has been harassing her',
  ])('%s', (question) => {
    const answer = engine.answer(question);
    expect(answer.kind).toBe('sensitive');
    expect(answer.text).toContain(content.resources.notReportingChannel);
    expect(answer.text).toContain(
      'Managers and supervisors are, additionally, required to inform the IDHR Office',
    );
    expect(answer.suggestions.map((s) => s.id)).toEqual(['specific-situation', 'reporting-obligations']);
  });

  it('a first-person disclosure gets the resources without the reporting duties', () => {
    const answer = engine.answer('my supervisor keeps touching me and i feel unsafe');
    expect(answer.kind).toBe('sensitive');
    expect(answer.text).not.toContain('required to inform');
    expect(answer.resources?.map((r) => r.id)).toEqual(['idhr', 'idhr-notify-form', 'deputy-title-ix']);
  });
});

describe('the careful reply, when the message may have asked about the training', () => {
  const replies = createReplies(content, () => new Date('2021-01-15T12:00:00Z'));
  it('offers the likeliest entries after the resources, saying why', () => {
    const answer = replies.sensitive('what do i do if someone touched me in the training video', null, [
      'upsetting-content',
      'content-questions',
    ]);
    expect(answer.kind).toBe('sensitive');
    expect(answer.suggestions.map((s) => s.id)).toEqual(['upsetting-content', 'content-questions']);
    const text = answer.text;
    expect(text.indexOf(content.resources.notReportingChannel)).toBeLessThan(
      text.indexOf(ANSWER_TEXT.ifAboutTraining),
    );
  });

  it('offers nothing when none is given, and the FAQ on situations brought to you comes first', () => {
    const none = replies.sensitive('my supervisor keeps touching me', null, []);
    expect(none.suggestions).toEqual([]);
    expect(none.text).not.toContain(ANSWER_TEXT.ifAboutTraining);
    const reported = replies.sensitive('a student told me her advisor touched her', null, ['every-year']);
    expect(reported.suggestions.map((s) => s.id)).not.toContain('every-year');
    expect(reported.text).not.toContain(ANSWER_TEXT.ifAboutTraining);
  });
});

describe('a greeting that may also ask something', () => {
  const replies = createReplies(content, () => new Date('2021-01-15T12:00:00Z'));
  it('suggests the entries it may have asked about instead of the usual first ones, as "did you mean"', () => {
    const plain = replies.greeting();
    expect(plain.band).toBe('answer');
    const unsure = replies.greeting(['demographic-privacy']);
    expect(unsure.kind).toBe('greeting');
    expect(unsure.band).toBe('did-you-mean');
    expect(unsure.suggestions.map((s) => s.id)).toEqual(['demographic-privacy']);
    expect(plain.suggestions.map((s) => s.id)).not.toContain('demographic-privacy');
    // Thanks that may also ask something: the entries, not "glad to help".
    const thanksAndMaybe = replies.greeting(['demographic-privacy'], true);
    expect(thanksAndMaybe.text).toBe(plain.text);
    expect(thanksAndMaybe.suggestions.map((s) => s.id)).toEqual(['demographic-privacy']);
  });
});
