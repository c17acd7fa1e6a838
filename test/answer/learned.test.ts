// The learned parts of the engine: the softmax classifier, the features, the calibration and its
// freshness, the out-of-scope content, and the situation a question names.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitCalibration, reliabilityCurve } from '../../src/answer/calibrate.js';
import { CALIBRATION } from '../../src/answer/calibration.js';
import { fitLogistic, sigmoid, trainSoftmax } from '../../src/answer/classifier.js';
import { outOfFold, rankingFigures } from '../../src/answer/cross-validate.js';
import { rankerInput } from '../../src/answer/engine.js';
import { loadEvalQuestions } from '../../src/answer/evaluate.js';
import { createVocabulary } from '../../src/answer/features.js';
import { createRanker, RANKER_OPTIONS, trainingFingerprint } from '../../src/answer/ranker.js';
import { readSituation } from '../../src/answer/situation.js';
import { createSynonyms } from '../../src/answer/terms.js';
import { formatIssue, inspectContent, loadContent } from '../../src/content/load.js';
import { contentWith, SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const input = rankerInput(content);

describe('softmax classifier', () => {
  const vocabulary = createVocabulary(createSynonyms({ groups: [] }));
  const data: [string, number][] = [
    ['red apple', 0],
    ['green apple', 0],
    ['ripe apple pie', 0],
    ['blue car', 1],
    ['fast car', 1],
    ['old car engine', 1],
  ];
  const examples = data.map(([text, y]) => ({ x: vocabulary.learn(text), y }));
  const model = trainSoftmax(examples, vocabulary.size, 2);

  it('learns the classes of its examples and gives probabilities that sum to 1', () => {
    const apple = model.probabilities(vocabulary.vector('an apple'));
    const car = model.probabilities(vocabulary.vector('a car'));
    expect(apple[0]).toBeGreaterThan(0.8);
    expect(car[1]).toBeGreaterThan(0.8);
    expect((apple[0] as number) + (apple[1] as number)).toBeCloseTo(1, 10);
  });

  it('reads a typo through letter n-grams', () => {
    expect(model.probabilities(vocabulary.vector('appel'))[0]).toBeGreaterThan(0.6);
  });

  it('is deterministic: the same examples give the same model', () => {
    const again = trainSoftmax(examples, vocabulary.size, 2);
    expect([...again.probabilities(vocabulary.vector('car'))]).toEqual([
      ...model.probabilities(vocabulary.vector('car')),
    ]);
  });

  it('fits a logistic map', () => {
    const xs = [[0], [0.1], [0.2], [0.8], [0.9], [1]];
    const { weights, bias } = fitLogistic(xs, [0, 0, 0, 1, 1, 1]);
    expect(sigmoid((weights[0] as number) * 0.95 + bias)).toBeGreaterThan(0.7);
    expect(sigmoid((weights[0] as number) * 0.05 + bias)).toBeLessThan(0.3);
  });
});

describe('ranker and calibration', () => {
  it('ranks an out-of-scope example as out of scope and an alternate as its entry', () => {
    const ranker = createRanker(input);
    expect(ranker.rank('tell me a joke').outOfScope).toBeGreaterThan(0.5);
    expect(ranker.rank('can i get an extension').hits[0]?.entry.id).toBe('not-enough-time');
  });

  it('the shipped calibration was fitted for the shipped content (else run `npm run calibrate`)', () => {
    expect(CALIBRATION.fingerprint).toBe(trainingFingerprint(input, RANKER_OPTIONS));
    expect(CALIBRATION.suggestAt).toBeLessThanOrEqual(CALIBRATION.answerAt);
  });

  it('cross-validation holds out phrasings and ranks them with a model that never saw them', () => {
    const folds = outOfFold(input, RANKER_OPTIONS, 3);
    const phrasings = input.entries.reduce((n, e) => n + e.alternates.length, 0);
    expect(folds.length).toBe(phrasings + input.outOfScope.length);
    // Held out, most alternates still find their entry among the first three.
    expect(rankingFigures(folds).top3).toBeGreaterThan(0.7);
  });

  it('reads the cut-offs from the curve: answers above the cut-off meet the precision target', () => {
    const folds = outOfFold(input, RANKER_OPTIONS, 3);
    const calibration = fitCalibration(folds);
    const curve = reliabilityCurve(folds, calibration);
    const bin = curve.find((b) => b.from <= calibration.answerAt && calibration.answerAt < b.to);
    expect(bin).toBeDefined();
    expect(curve.reduce((n, b) => n + b.count, 0)).toBe(folds.length);
    // Calibrated: in the top bin, the share right is close to the confidence.
    const top = curve.at(-1);
    if (top && top.count >= 10) expect(Math.abs(top.observed - top.predicted)).toBeLessThan(0.15);
  });
});

describe('content/out-of-scope.yml', () => {
  it('shares no question with the development set, which measures the engine', () => {
    const squash = (t: string) =>
      t
        .toLowerCase()
        .replace(/[^a-z0-9 ]/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    const dev = new Set(
      loadEvalQuestions(resolve(import.meta.dirname, '../eval/questions.yml')).map((q) => squash(q.q)),
    );
    expect(content.outOfScope.examples.filter((e) => dev.has(squash(e)))).toEqual([]);
  });

  it('an example that repeats an FAQ phrasing is reported at its file and line', () => {
    const dir = contentWith();
    const file = join(dir, 'out-of-scope.yml');
    writeFileSync(
      file,
      `examples:\n${Array.from({ length: 20 }, (_, i) => `  - unrelated example ${i}\n`).join('')}  - can i ask for an extension\n`,
    );
    const { issues } = inspectContent(dir);
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /out-of-scope\.yml:22 examples\.20: example "can i ask for an extension" repeats entries\.\d+\.alternates\.\d+ in faq\.yml/,
      ),
    ]);
  });
});

describe('readSituation', () => {
  it.each([
    ['my contract ends march 1', { appointmentEnd: '2021-03-01' }],
    ['my appointment expires on the 15th of april', { appointmentEnd: '2021-04-15' }],
    ['im a 2nd year grad student', { role: 'graduate_student', studyYear: 2 }],
    ['wen is the deadline for vpr staff', { role: 'staff', area: 'vpr' }],
    ['i am on sabbatical', { leave: 'sabbatical' }],
    ['i hold an unpaid appointment', { paid: false }],
    ['i joined in august 2020', { startDate: '2020-08-01' }],
    ['im graduating in may', { graduating: true }],
    ['can i do it during work hours', {}],
  ])('%j', (text, facts) => {
    expect(readSituation(text, 2021)).toEqual(facts);
  });
});
