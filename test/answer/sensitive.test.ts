// The learned disclosure detector beside the patterns: what it learns from content, how it joins the
// patterns, and the questions about one's duties that are not disclosures.
import { describe, expect, it } from 'vitest';
import { isHypotheticalReport, isQuestionAboutTheTopic, sensitiveMatch } from '../../src/answer/intent.js';
import { normalise } from '../../src/answer/normalise.js';
import {
  createSensitiveDetector,
  isDisclosure,
  SENSITIVE_CUTS,
  sensitiveFigures,
  sensitiveInput,
  sensitiveOutOfFold,
} from '../../src/answer/sensitive.js';
import { loadContent } from '../../src/content/load.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const input = sensitiveInput(content);
const detector = createSensitiveDetector(input);
const decide = (text: string) => {
  const n = normalise(text);
  return isDisclosure(sensitiveMatch(n), detector.probability(n), isQuestionAboutTheTopic(n));
};

describe('learned disclosure detector', () => {
  // Written for this test: in neither the content nor the eval sets.
  it.each([
    'the foreman keeps patting my backside when i walk by',
    'my lab head said my scholarship is fine as long as i stay late alone with him',
    'ever since the retreat i cannot stand being in the same corridor as him',
  ])('reads %j as a disclosure', (text) => {
    expect(decide(text)).toBe(true);
  });

  it.each([
    'which option talks about stalking at conferences',
    'the clip about unwanted touching has no sound',
    'my manager wants the whole team to finish the course by june',
    'hi',
  ])('does not read %j as one', (text) => {
    expect(decide(text)).toBe(false);
  });

  it('leaves messages under three words to the patterns', () => {
    expect(detector.probability('help')).toBe(0);
  });

  it('is deterministic', () => {
    const again = createSensitiveDetector(input);
    const text = normalise('my supervisor keeps standing too close to me');
    expect(again.probability(text)).toBe(detector.probability(text));
  });

  it('recognises most held-out disclosures when cross-validated, patterns included', () => {
    const folds = sensitiveOutOfFold(input);
    const learnedAlone = sensitiveFigures(folds, SENSITIVE_CUTS.alone);
    const both = folds.filter((f) => f.disclosure);
    const said = both.filter((f) => {
      const n = normalise(f.text);
      return isDisclosure(sensitiveMatch(n), f.probability, isQuestionAboutTheTopic(n));
    });
    // Floors a little under what `npm run eval` prints.
    expect(learnedAlone.recall).toBeGreaterThan(0.8);
    expect(said.length / both.length).toBeGreaterThanOrEqual(0.93);
  });
});

describe('questions about a duty to report', () => {
  it.each([
    ['what should i do if a student tells me they were harassed', true],
    ['am i required to report it if someone i manage is being harassed', true],
    ['should i tell idhr when i hear a coworker was assaulted', true],
    ['what should i do if he touches me again', false],
    ['my student told me her advisor assaulted her, what should i do', false],
    ['how long is the training', false],
  ])('%j → %s', (text, expected) => {
    expect(isHypotheticalReport(normalise(text))).toBe(expected);
  });
});
