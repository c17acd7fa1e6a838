// Sensitive detection generalises beyond the fixture and eval texts: these phrasings appear in neither.
// Each names the cue it relies on, so a regression says which kind of disclosure stopped being recognised.
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/index.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { loadContent } from '../../src/content/load.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const engine = createAnswerEngine({ content: loadContent(SHIPPED_CONTENT), cacheDir: MODEL_CACHE_DIR });

describe('sensitive detection', () => {
  it.each([
    ['unwanted touch', 'the lab manager rests his hand on my thigh under the table'],
    ['unwanted touch, third person', 'our chair keeps putting an arm around her waist at events'],
    ['no consent', 'he kissed me at the offsite and it was against my will'],
    ['no consent', 'a visitor walked into the changing room uninvited while i was there'],
    ['quid pro quo', 'my pi hinted my stipend is contingent on going out with him'],
    ['quid pro quo', 'my supervisor wants me to meet with him alone at his apartment to discuss my review'],
    ['controlling partner', 'my girlfriend works in facilities and goes through my messages every night'],
    ['controlling partner', 'he never lets her talk to anyone from the lab'],
    [
      'treated worse for who they are',
      'my colleague is left off every email because of where she comes from',
    ],
    ['treated worse for who they are', 'my manager keeps calling me names in standup'],
    ['ridicule', 'the senior engineers make fun of my stutter in every meeting'],
    ['indirect distress', 'i cannot stop replaying what he said to me after the lab dinner'],
    ['indirect distress', 'since what happened at the workshop i feel numb'],
    ['indirect distress', 'i doubt anyone would take me seriously, he is a famous professor'],
    ['indirect distress', 'i am worried about getting my advisor in trouble'],
    ['indirect distress', 'i have been hiding from my manager for weeks'],
    ['indirect distress', 'i have barely slept since the retreat'],
  ])('%s: %j', (_cue, message) => {
    expect(engine.answer(message).kind).toBe('sensitive');
  });

  // Round 24's model read this one under the disclosure cut-off (0.12 against 0.14), an expected failure for a
  // round; round 25's, with a writer of disclosures on grounds other than sex among its data (w-grounds, who wrote
  // none of these words), reads it over it again. Never taught: this list checks the engine, it is not training data.
  it('treated worse for who they are: "they gave the grant to someone else because of my religion"', () => {
    expect(engine.answer('they gave the grant to someone else because of my religion').kind).toBe(
      'sensitive',
    );
  });

  it.each([
    'i can not concentrate on the video module, is there a transcript',
    'does my contract depend on completing the training',
    'how do i avoid missing the deadline',
    'can my manager see my progress',
    'my manager checks our completion, can she see my answers',
  ])('leaves a training question alone: %j', (question) => {
    expect(engine.answer(question).kind).not.toBe('sensitive');
  });

  // "… since monday" reads like "i have barely slept since the retreat": a false alarm that came and went with
  // rounds of writers (round 5: yes; round 6: no; rounds 7 to 9: yes; round 10: no; rounds 11 to 24: yes, an expected
  // failure here, its 0.16 over the disclosure cut-off). Round 25's model reads it as a question about the asker's own
  // record (0.38, technical-difficulties 0.18), whose reply offers the technical-difficulties entry first. Round 26's
  // reads it as a disclosure again, 0.140 at the cut-off 0.14 (technical-difficulties 0.28 first, not sure enough to
  // answer with the support line): an expected failure again. Round 31's reads it as the asker's own record again
  // (0.39, technical-difficulties 0.27, the disclosure 0.11 under the cut-off 0.16): it passes. Round 32's reads it as
  // the asker's own record (0.35, technical-difficulties 0.24) and a disclosure 0.21 over the cut-off 0.14: the
  // careful reply, offering technical-difficulties first; an expected failure again. Round 33's (with six more writers
  // of messages that tell and ask, the disclosure cut-off 0.11) leaves it alone: "did you mean", technical-difficulties
  // first; it passes. Never taught: this list checks the engine, it is not training data.
  it('leaves a training question alone: "i have not been able to log in since monday"', () => {
    const answer = engine.answer('i have not been able to log in since monday');
    expect(answer.kind).not.toBe('sensitive');
    expect(answer.faq?.id ?? answer.suggestions[0]?.id).toBe('technical-difficulties');
  });

  it('offers the entry the model reads under the careful reply, when it takes care of a training question', () => {
    // ("i have not been able to log in since monday" was the example; since round 12's writers its likeliest
    // reading was no longer an entry, so its careful reply offered none; in round 25 it was not a false alarm. Then
    // "my manager yelled at me and now i cannot access the training", until round 28's "did you mean" cut-off, 0.38:
    // the entries together 0.34, so its careful reply offered none.)
    const answer = engine.answer('my manager yelled at me and the training will not load');
    if (answer.kind === 'sensitive')
      expect(answer.suggestions.map((s) => s.id)).toContain('technical-difficulties');
    else expect(answer.faq?.id ?? answer.suggestions[0]?.id).toBe('technical-difficulties');
  });

  it('still takes care when the words that match come after what the model reads', () => {
    const long = `${'i have a question about the course modules and the schedule. '.repeat(12)}also, he groped me at the lab party`;
    expect(engine.answer(long).kind).toBe('sensitive');
  });

  it('reads the rest of a long message sentence by sentence without taking a course question for an account', () => {
    const long = `${'i have a question about the course modules and the schedule. '.repeat(12)}also, which module covers stalking? and is there a transcript of the videos?`;
    expect(engine.answer(long).kind).not.toBe('sensitive');
  });
});
