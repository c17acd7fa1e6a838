// The learned parts of the engine: the TF-IDF features, the model and its cache, the decision in bands,
// the cut-offs read from the curve and their freshness, leave-one-writer-out, the training data check.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CalibrationError,
  chooseCutoffs,
  decisionsOf,
  figuresOf,
  TARGETS,
  wilsonLower,
} from '../../src/answer/calibrate.js';
import {
  DISCLOSURE,
  type Example,
  FAQ_WRITER,
  FOLLOW_UP,
  TOLD,
  trainingExamples,
} from '../../src/answer/corpus.js';
import type { HeldOut } from '../../src/answer/cross-validate.js';
import {
  engineCrossValidation,
  heldOutBy,
  writerGroups,
  writersOf,
} from '../../src/answer/cross-validate.js';
import { ALTERNATIVE_AT, decide } from '../../src/answer/decide.js';
import {
  createAnswerEngine,
  cutoffsOf,
  ENGINE_OPTIONS,
  NotCalibratedError,
} from '../../src/answer/engine.js';
import {
  decodeModel,
  encodeModel,
  intentModelFrom,
  trainIntentModel,
  trainingHash,
} from '../../src/answer/intent-model.js';
import { contentModelKey, forgetModels, loadOrTrain, MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { readSituation } from '../../src/answer/situation.js';
import { createSynonyms } from '../../src/answer/terms.js';
import {
  featureGroups,
  featureSlots,
  fitTransform,
  fitVectorizer,
  vectorizerFromSlots,
  withSharedFeatures,
} from '../../src/answer/tfidf.js';
import { type Content, formatIssue, inspectContent, loadContent } from '../../src/content/load.js';
import { contentWith, SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const CUTOFFS = cutoffsOf(content);
const FEATURES = { stemmer: true, synonyms: false, chars: true };
const toy = [
  { text: 'red apple', label: 'fruit' },
  { text: 'green apple', label: 'fruit' },
  { text: 'ripe apple pie', label: 'fruit' },
  { text: 'blue car', label: 'car' },
  { text: 'fast car', label: 'car' },
  { text: 'old car engine', label: 'car' },
];

describe('TF-IDF features and the model', () => {
  it('gives each text unit-length groups over the words seen in training, ignoring unseen ones', () => {
    const v = fitVectorizer(['red apple', 'blue car'], null, FEATURES);
    const x = v.vector('red zebra');
    const norm = Math.sqrt([...x.value].reduce((a, b) => a + b * b, 0));
    // Two groups (words, letters), each of unit length; "zebra" adds nothing the vocabulary lacks.
    expect(norm).toBeCloseTo(Math.SQRT2, 6);
    expect(v.vector('zzzz').index.length).toBe(0);
  });

  it("finds a name's place through the cache's table as through the vocabulary's map, collisions and all", () => {
    const texts = Array.from(
      { length: 3000 },
      (_, i) => `word${i} w${i % 97} ${String.fromCharCode(0x4e00 + i)}`,
    );
    const fitted = fitVectorizer(texts, null, FEATURES);
    const { names, idf, options } = fitted.toJSON();
    const slots = featureSlots(names);
    const table = vectorizerFromSlots({ names, idf: Float64Array.from(idf), slots, options }, null);
    // Every slot is one name's, so the same number of slots are taken as names (no name lost to a collision).
    expect(slots.filter((s) => s !== 0).length).toBe(names.length);
    for (const text of [...texts.slice(0, 200), 'word12 zebra', 'nothing known here', ''])
      expect(table.vector(text)).toEqual(fitted.vector(text));
    expect(table.toJSON()).toEqual(fitted.toJSON());
    expect(() =>
      vectorizerFromSlots({ names, idf: Float64Array.from(idf), slots: slots.subarray(1), options }, null),
    ).toThrow(/feature table/);
  });

  it('reads letter n-grams across the spaces between words when asked, and inside each word otherwise', () => {
    const across = featureGroups('take it', null, { ...FEATURES, charsAcrossWords: true }).flat();
    const inside = featureGroups('take it', null, FEATURES).flat();
    expect(across).toContain('c:ke i');
    expect(inside).not.toContain('c:ke i');
    // The pieces inside each word are the same either way.
    expect(across).toEqual(expect.arrayContaining(inside.filter((f) => f.startsWith('c:'))));
  });

  it('trains with dropout the same way twice (one seed), and still learns its classes', () => {
    const options = { ...ENGINE_OPTIONS.model, features: FEATURES };
    const train = { ...options.train, dropout: 0.5 };
    const a = trainIntentModel(toy, null, { ...options, train });
    const b = trainIntentModel(toy, null, { ...options, train });
    expect(a.toJSON().weights).toBe(b.toJSON().weights);
    const without = trainIntentModel(toy, null, { ...options, train: { ...train, dropout: 0 } });
    expect(a.toJSON().weights).not.toBe(without.toJSON().weights);
    expect(a.predict('an apple')[0]?.label).toBe('fruit');
    expect(a.predict('a car')[0]?.label).toBe('car');
  });

  it('learns its classes, reads a typo through letter n-grams, and gives probabilities that sum to 1', () => {
    const model = trainIntentModel(toy, null, { ...ENGINE_OPTIONS.model, features: FEATURES });
    expect(model.predict('an apple')[0]?.label).toBe('fruit');
    expect(model.predict('a car')[0]?.label).toBe('car');
    expect(model.predict('appel')[0]?.label).toBe('fruit');
    const scores = model.predict('apple');
    expect(scores.reduce((a, s) => a + s.p, 0)).toBeCloseTo(1, 10);
  });

  it('tells a message that needs the one before it, and reads the rest as if it did not', () => {
    const withFollowUps = [
      ...toy,
      { text: 'and that one?', label: FOLLOW_UP },
      { text: 'what about that one', label: FOLLOW_UP },
      { text: 'and the other one?', label: FOLLOW_UP },
    ];
    const model = trainIntentModel(withFollowUps, null, { ...ENGINE_OPTIONS.model, features: FEATURES });
    const followUp = model.read('and that one');
    expect(followUp.followUp).toBe(true);
    // The other labels, weighed as if it were not a follow-up: they sum to 1, and the label is never among them.
    expect(followUp.scores.map((s) => s.label).sort()).toEqual(['car', 'fruit']);
    expect(followUp.scores.reduce((a, s) => a + s.p, 0)).toBeCloseTo(1, 10);
    expect(model.predict('and that one')).toEqual(followUp.scores);
    const own = model.read('a red apple');
    expect(own.followUp).toBe(false);
    expect(own.scores[0]?.label).toBe('fruit');
    // A model that never learned the label reads every message as standing on its own.
    const plain = trainIntentModel(toy, null, { ...ENGINE_OPTIONS.model, features: FEATURES });
    expect(plain.read('and that one').followUp).toBe(false);
  });

  it('tells a message that tells something and asks, and reads the rest as if it did not', () => {
    const withTold = [
      ...toy,
      { text: 'my neighbour scratched my car, and is fruit healthy?', label: TOLD },
      { text: 'someone keyed my car again. which fruit is best?', label: TOLD },
      { text: 'a man keeps following my car home. also apples or pears?', label: TOLD },
    ];
    const model = trainIntentModel(withTold, null, { ...ENGINE_OPTIONS.model, features: FEATURES });
    const told = model.read('a man keyed my car again, and which fruit is healthy?');
    expect(told.told).toBeGreaterThan(0.5);
    // The other labels, weighed as if it told nothing: they sum to 1, and the label is never among them.
    expect(told.scores.map((s) => s.label).sort()).toEqual(['car', 'fruit']);
    expect(told.scores.reduce((a, s) => a + s.p, 0)).toBeCloseTo(1, 10);
    expect(model.read('a red apple').told).toBeLessThan(0.5);
    // A model that never learned the label reads nothing as told.
    expect(
      trainIntentModel(toy, null, { ...ENGINE_OPTIONS.model, features: FEATURES }).read('a car').told,
    ).toBe(0);
  });

  it('is deterministic, and comes back from its cache with the same probabilities', () => {
    const options = { ...ENGINE_OPTIONS.model, features: FEATURES };
    const a = trainIntentModel(toy, null, options);
    const b = trainIntentModel(toy, null, options);
    expect(b.predict('car')).toEqual(a.predict('car'));
    // As JSON, and as the cache's buffer (weights kept as float32 in both).
    for (const back of [
      intentModelFrom(JSON.parse(JSON.stringify(a.toJSON())), null),
      decodeModel(encodeModel(a), null),
    ])
      for (const text of ['car', 'apple pie', 'green'])
        back.predict(text).forEach((s, i) => {
          expect(s.label).toBe(a.predict(text)[i]?.label);
          expect(s.p).toBeCloseTo(a.predict(text)[i]?.p ?? -1, 5);
        });
    expect(decodeModel(encodeModel(a), null).toJSON()).toEqual(intentModelFrom(a.toJSON(), null).toJSON());
  });

  it("finds every name of the cache's table, and no name it does not hold, from any offset of a buffer", () => {
    const a = trainIntentModel(toy, null, { ...ENGINE_OPTIONS.model, features: FEATURES });
    const encoded = encodeModel(a);
    // A buffer that does not start at a multiple of 8 (a slice of a larger one) is read from a copy.
    const shifted = Buffer.concat([Buffer.alloc(3), encoded]).subarray(3);
    const texts = ['car', 'apple pie', 'a green appel', 'zebra crossing', 'ÿ unknown ☃', ''];
    for (const back of [decodeModel(encoded, null), decodeModel(shifted, null)])
      for (const text of texts)
        expect(back.predict(text)).toEqual(intentModelFrom(a.toJSON(), null).predict(text));
    // Of another layout (the one before the table, or a damaged start): not read, so the model is trained.
    const other = Buffer.from(encoded);
    other.write('HTI1', 0, 'latin1');
    expect(() => decodeModel(other, null)).toThrow(/not a model file of layout HTI2/);
    expect(() => decodeModel(encoded.subarray(0, encoded.length - 4), null)).toThrow(/expected/);
  });

  it('gives each training text the vector the fitted vocabulary gives it when a person writes it', () => {
    // Training numbers the letter n-grams without naming them (tfidf.ts's NameTable); asked, the vocabulary names
    // them. Thousands of texts, so that the table grows and collides; other scripts, a surrogate pair, nothing.
    const texts = [
      ...Array.from(
        { length: 4000 },
        (_, i) => `word${i} w${i % 97} ${String.fromCharCode(0x4e00 + (i % 500))}`,
      ),
      'Do I need to take it?',
      'c:ab c: cc:',
      'déjà vu 😀 ok',
      '',
    ];
    const synonyms = createSynonyms(content.synonyms);
    for (const [options, withSynonyms] of [
      [FEATURES, null],
      [ENGINE_OPTIONS.model.features, synonyms],
      [{ stemmer: false, synonyms: false, chars: false }, null],
    ] as const) {
      const { vectorizer, vectors } = fitTransform(texts, withSynonyms, options);
      texts.forEach((text, i) => {
        expect(vectors[i]).toEqual(vectorizer.vector(text));
      });
    }
  });

  it("is the same model when the folds of a cross-validation share each text's features", () => {
    const options = { ...ENGINE_OPTIONS.model, features: FEATURES };
    const fold = toy.slice(1);
    const alone = trainIntentModel(fold, null, options);
    const [whole, again] = withSharedFeatures(null, FEATURES, () => [
      trainIntentModel(toy, null, options),
      trainIntentModel(fold, null, options),
    ]);
    expect(again?.toJSON()).toEqual(alone.toJSON());
    expect(whole?.toJSON()).toEqual(trainIntentModel(toy, null, options).toJSON());
  });

  it('is kept in a folder by the hash of its training data, and trained again when that changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-cache-'));
    try {
      const options = {
        ...ENGINE_OPTIONS.model,
        features: FEATURES,
        train: { ...ENGINE_OPTIONS.model.train, seed: 7 },
      };
      const first = loadOrTrain(toy, null, null, options, dir);
      expect(first.source).toBe('trained');
      expect(readdirSync(dir)).toEqual([`intent-model-${first.hash}.hti2.bin`]);
      // A new process reads the file, and gets the same probabilities.
      forgetModels();
      const read = loadOrTrain(toy, null, null, options, dir);
      expect(read.source).toBe('cache-file');
      // (The weights are kept as float32: the same to about ten decimal places.)
      const [kept, trained] = [read, first].map((m) => m.model.predict('apple pie'));
      expect(kept?.map((s) => s.label)).toEqual(trained?.map((s) => s.label));
      kept?.forEach((s, i) => {
        expect(s.p).toBeCloseTo(trained?.[i]?.p ?? -1, 8);
      });
      // A file cut short (a full disk, a copy stopped half way) costs a training, not a wrong model.
      const file = join(dir, `intent-model-${first.hash}.hti2.bin`);
      writeFileSync(file, readFileSync(file).subarray(0, 1000));
      forgetModels();
      expect(loadOrTrain(toy, null, null, options, dir).source).toBe('trained');
      // A new process would read the file: a different seed makes a different hash, so a different file.
      const changed = loadOrTrain([...toy, { text: 'red car', label: 'car' }], null, null, options, dir);
      expect(changed.hash).not.toBe(first.hash);
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps a fold's readings of its left-out writers' phrasings beside it: the same as reading them again", () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-cache-'));
    try {
      const options = { ...ENGINE_OPTIONS.model, features: FEATURES };
      const examples: Example[] = [
        ...toy.map((e, i) => ({ ...e, writer: i % 2 === 0 ? 'w-a' : 'w-b' })),
        { text: 'apple crumble', label: 'fruit', writer: 'w-a' },
        { text: 'I was groped on the bus', label: 'disclosure', writer: 'w-a' },
      ];
      const left = new Set(['w-a']);
      const loaded = loadOrTrain(
        examples.filter((e) => !left.has(e.writer)),
        null,
        null,
        options,
        dir,
      );
      const read = heldOutBy(loaded, left, examples, undefined);
      expect(read.map((r) => r.text)).toEqual([
        'red apple',
        'ripe apple pie',
        'fast car',
        'apple crumble',
        'I was groped on the bus',
      ]);
      expect(read.at(-1)?.patternSays).toBe(true);
      expect(heldOutBy(loaded, left, examples, dir)).toEqual(read);
      const kept = readdirSync(dir).filter((n) => n.startsWith('held-out-'));
      expect(kept).toHaveLength(1);
      // Read back from the file, to the last bit: a model that would read them otherwise is not asked.
      const other = {
        hash: loaded.hash,
        model: { read: () => ({ scores: [{ label: 'other', p: 1 }], followUp: true, told: 0 }) },
      };
      expect(heldOutBy(other, left, examples, dir)).toEqual(read);
      // Other phrasings, or a file cut short: read again.
      const more = [...examples, { text: 'green car', label: 'car', writer: 'w-a' }];
      const readAgain = heldOutBy(other, left, more, dir);
      expect(readAgain.every((r) => r.scores[0]?.label === 'other' && r.followUp)).toBe(true);
      // Whether the model read each as a follow-up is kept too (the calibration leaves those out of the answers').
      const notFollowUps = {
        hash: loaded.hash,
        model: { read: () => ({ scores: [], followUp: false, told: 0 }) },
      };
      expect(heldOutBy(notFollowUps, left, more, dir)).toEqual(readAgain);
      const file = join(dir, kept[0] as string);
      writeFileSync(file, readFileSync(file).subarray(0, 60));
      expect(heldOutBy(other, left, examples, dir)[0]?.scores).toEqual([{ label: 'other', p: 1 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the content's own model in the cache", () => {
  const key = (dir: string) => contentModelKey(loadContent(dir), ENGINE_OPTIONS.model);

  it('is kept by the training files: the same files give the same key, one phrasing changed another', () => {
    const dir = contentWith();
    const shipped = key(SHIPPED_CONTENT);
    expect(key(dir)).toBe(shipped);
    const file = join(dir, 'training', 'w-terse.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- VPR deadline?', '- VPR deadline??'));
    expect(key(dir)).not.toBe(shipped);
  });

  it('is found without reading a phrasing', () => {
    // The global setup trained it into MODEL_CACHE_DIR; a new process finds it there by the files' digest.
    const loaded = loadContent(SHIPPED_CONTENT);
    const unread: Content = {
      ...loaded,
      training: {
        digest: loaded.training.digest,
        get files(): never {
          throw new Error('the training files were parsed');
        },
        get phrasings(): never {
          throw new Error('the training phrasings were parsed');
        },
      },
    };
    forgetModels();
    const engine = createAnswerEngine({ content: unread, cacheDir: MODEL_CACHE_DIR });
    expect(engine.modelSource).toBe('cache-file');
    expect(engine.answer('do I have to take it every year?').faq?.id).toBe(
      createAnswerEngine({ content }).answer('do I have to take it every year?').faq?.id,
    );
  });
});

describe('the decision, in three bands', () => {
  const cutoffs = { answerAt: 0.5, suggestAt: 0.1, disclosureAt: 0.4 };
  const isEntry = (l: string) => l.startsWith('faq-');
  const scores = (...pairs: [string, number][]) => pairs.map(([label, p]) => ({ label, p }));
  it.each([
    [
      'confident: the answer',
      scores(['faq-a', 0.8], ['faq-b', 0.1], ['out-of-scope', 0.1]),
      'faq',
      'answer',
      'faq-a',
    ],
    [
      'unsure: did you mean',
      scores(['faq-a', 0.35], ['faq-b', 0.3], ['out-of-scope', 0.2], ['faq-c', 0.05]),
      'unknown',
      'did-you-mean',
      null,
    ],
    [
      'out of scope, nothing plausible',
      scores(['out-of-scope', 0.95], ['faq-a', 0.03]),
      'unknown',
      'out-of-scope',
      null,
    ],
    [
      'out of scope, one plausible entry',
      scores(['out-of-scope', 0.7], ['faq-a', 0.2]),
      'unknown',
      'did-you-mean',
      null,
    ],
    ['personal status', scores(['personal', 0.6], ['faq-a', 0.3]), 'personal', 'answer', null],
    ['a greeting', scores(['greeting', 0.9], ['faq-a', 0.05]), 'greeting', 'answer', null],
    ['a disclosure', scores(['disclosure', 0.5], ['faq-a', 0.4]), 'sensitive', 'answer', null],
  ] as const)('%s', (_name, given, kind, band, faqId) => {
    const d = decide(given, cutoffs, isEntry);
    expect({ kind: d.kind, band: d.band, faqId: d.faqId }).toEqual({ kind, band, faqId });
  });

  it('offers the likeliest entries, best first, at most three', () => {
    const d = decide(
      scores(['faq-a', 0.3], ['faq-b', 0.25], ['faq-c', 0.2], ['faq-d', 0.15]),
      cutoffs,
      isEntry,
    );
    expect(d.candidates).toEqual(['faq-a', 'faq-b', 'faq-c']);
  });

  it('once one entry is plausible, offers the next likeliest beside it even below the cut-off; none plausible, none', () => {
    const unsure = decide(
      scores(['out-of-scope', 0.5], ['faq-a', 0.3], ['faq-b', 0.05], ['faq-c', 0.03], ['faq-d', 0.01]),
      cutoffs,
      isEntry,
    );
    expect({ band: unsure.band, candidates: unsure.candidates }).toEqual({
      band: 'did-you-mean',
      candidates: ['faq-a', 'faq-b', 'faq-c'],
    });
    const outOfScope = decide(
      scores(['out-of-scope', 0.95], ['faq-a', 0.03], ['faq-b', 0.01], ['faq-c', 0.01]),
      cutoffs,
      isEntry,
    );
    expect({ band: outOfScope.band, candidates: outOfScope.candidates }).toEqual({
      band: 'out-of-scope',
      candidates: [],
    });
  });

  it('reads the entries together: a question spread over several, none plausible alone, is "did you mean"', () => {
    // The model puts 0.16 on the FAQ, no entry above 0.06: it is unsure which entry, not whether the FAQ.
    const spread = decide(
      scores(['out-of-scope', 0.84], ['faq-a', 0.06], ['faq-b', 0.05], ['faq-c', 0.03], ['faq-d', 0.02]),
      cutoffs,
      isEntry,
    );
    expect({ band: spread.band, candidates: spread.candidates }).toEqual({
      band: 'did-you-mean',
      candidates: ['faq-a', 'faq-b', 'faq-c'],
    });
  });

  it("a question about the training in a disclosure's words: the answer, and the support line under it", () => {
    const d = decide(scores(['faq-a', 0.55], ['disclosure', 0.42]), cutoffs, isEntry);
    expect({ kind: d.kind, faqId: d.faqId, supportLine: d.supportLine }).toEqual({
      kind: 'faq',
      faqId: 'faq-a',
      supportLine: true,
    });
    // Not sure of the entry: care first.
    expect(decide(scores(['disclosure', 0.45], ['faq-a', 0.44]), cutoffs, isEntry).kind).toBe('sensitive');
    // A pattern alone is enough to take care.
    expect(decide(scores(['out-of-scope', 0.9], ['disclosure', 0.05]), cutoffs, isEntry, true).kind).toBe(
      'sensitive',
    );
  });

  it('a greeting around a question: the greeting, with the plausible entries as its suggestions', () => {
    const d = decide(scores(['greeting', 0.6], ['faq-a', 0.3], ['out-of-scope', 0.1]), cutoffs, isEntry);
    expect({ kind: d.kind, band: d.band, candidates: d.candidates }).toEqual({
      kind: 'greeting',
      band: 'did-you-mean',
      candidates: ['faq-a'],
    });
  });

  it('under the careful reply, offers the entries when they are plausible together, as "did you mean" does', () => {
    // Read as an entry, unsure, and a disclosure plausible: care first, the likeliest entries under it.
    const asked = decide(scores(['faq-a', 0.45], ['disclosure', 0.41], ['faq-b', 0.12]), cutoffs, isEntry);
    expect({ kind: asked.kind, candidates: asked.candidates }).toEqual({
      kind: 'sensitive',
      candidates: ['faq-a', 'faq-b'],
    });
    // Read as a disclosure first, the entries still plausible together: care first, and the entries under it.
    const either = decide(scores(['disclosure', 0.5], ['faq-a', 0.3], ['faq-b', 0.15]), cutoffs, isEntry);
    expect({ kind: either.kind, candidates: either.candidates }).toEqual({
      kind: 'sensitive',
      candidates: ['faq-a', 'faq-b'],
    });
    // Nothing plausible, or a pattern of something that happened matched: no FAQ buttons.
    expect(decide(scores(['disclosure', 0.9], ['faq-a', 0.05]), cutoffs, isEntry).candidates).toEqual([]);
    expect(
      decide(scores(['faq-a', 0.45], ['disclosure', 0.41], ['faq-b', 0.12]), cutoffs, isEntry, true)
        .candidates,
    ).toEqual([]);
  });

  it('under a confident answer, the runner-up entry when it is plausible, and nothing else', () => {
    const close = decide(scores(['faq-a', 0.8], ['faq-b', 0.12], ['faq-c', 0.05]), cutoffs, isEntry);
    expect({ kind: close.kind, faqId: close.faqId, candidates: close.candidates }).toEqual({
      kind: 'faq',
      faqId: 'faq-a',
      candidates: ['faq-b'],
    });
    // The second entry, not the second label: out of scope between them is skipped.
    expect(
      decide(scores(['faq-a', 0.8], ['out-of-scope', 0.12], ['faq-c', 0.06]), cutoffs, isEntry).candidates,
    ).toEqual(['faq-c']);
    // Below ALTERNATIVE_AT the runner-up is noise: the content's related questions stay.
    expect(
      decide(scores(['faq-a', 0.9], ['faq-b', ALTERNATIVE_AT / 2]), cutoffs, isEntry).candidates,
    ).toEqual([]);
    // An answer with the support line carries its runner-up too.
    const supported = decide(scores(['faq-a', 0.5], ['disclosure', 0.41], ['faq-b', 0.09]), cutoffs, isEntry);
    expect({
      kind: supported.kind,
      supportLine: supported.supportLine,
      candidates: supported.candidates,
    }).toEqual({
      kind: 'faq',
      supportLine: true,
      candidates: ['faq-b'],
    });
  });

  it("under the asker's status, offers the plausible entries too", () => {
    const d = decide(scores(['personal', 0.5], ['faq-a', 0.3], ['faq-b', 0.1]), cutoffs, isEntry);
    expect({ kind: d.kind, candidates: d.candidates }).toEqual({
      kind: 'personal',
      candidates: ['faq-a', 'faq-b'],
    });
    expect(decide(scores(['personal', 0.95], ['faq-a', 0.02]), cutoffs, isEntry).candidates).toEqual([]);
  });
});

describe('cut-offs from the curve', () => {
  const isEntry = (l: string) => l.startsWith('faq-');
  /** A phrasing of faq-a whose best entry has probability p, right or not. */
  const held = (p: number, right: boolean, id: string): HeldOut => ({
    text: `q${id}`,
    label: 'faq-a',
    writer: 'w',
    scores: [
      { label: right ? 'faq-a' : 'faq-b', p },
      { label: right ? 'faq-b' : 'faq-a', p: (1 - p) / 2 },
      { label: 'out-of-scope', p: (1 - p) / 2 },
    ],
    patternSays: false,
  });
  // Synthetic held-out records: confident ones mostly right, unsure ones often wrong.
  const records = Array.from({ length: 200 }, (_, i) => {
    const p = (i % 100) / 100;
    return held(p, p > 0.6 || i % 3 === 0, String(i));
  });
  it('answers only where the answers given meet the precision target, and offers the rest', () => {
    const cutoffs = chooseCutoffs(records, isEntry);
    const figures = figuresOf(records, decisionsOf(records, cutoffs, isEntry), isEntry);
    expect(figures.precision).toBeGreaterThanOrEqual(TARGETS.ANSWER_PRECISION);
    expect(cutoffs.suggestAt).toBeLessThanOrEqual(cutoffs.answerAt);
    // One step lower and the target is missed: the cut-off is the lowest that meets it.
    const lower = { ...cutoffs, answerAt: cutoffs.answerAt - 0.01 };
    expect(figuresOf(records, decisionsOf(records, lower, isEntry), isEntry).precision).toBeLessThan(
      TARGETS.ANSWER_PRECISION,
    );
  });

  it('the shipped cut-offs were read for the shipped training data (else run `npm run calibrate`)', () => {
    expect(content.calibration?.fingerprint).toBe(
      trainingHash(trainingExamples(content), content.synonyms, ENGINE_OPTIONS.model),
    );
    expect(CUTOFFS.suggestAt).toBeLessThanOrEqual(CUTOFFS.answerAt);
  });

  it('does not answer below a band of unsure answers, even where none sit just above the cut-off', () => {
    // 400 confident right answers, and ten at 0.35 of which half are wrong; nothing between 0.01 and 0.3.
    const sure = Array.from({ length: 400 }, (_, i) => held(0.95, true, `sure${i}`));
    const unsure = Array.from({ length: 10 }, (_, i) => held(0.35, i % 2 === 0, `unsure${i}`));
    const cutoffs = chooseCutoffs([...sure, ...unsure], isEntry);
    // Overall, answering everything would be right 98.8% of the time: the unsure half-wrong band still decides.
    expect(cutoffs.answerAt).toBeGreaterThan(0.35);
    expect(cutoffs.answerAt).toBeLessThanOrEqual(0.95);
  });

  it('reads the answer cut-off without the follow-ups the engine reads with the message before', () => {
    // "and for her?": second messages of exchanges, each alone read as faq-b at 0.7, an answer that would be
    // wrong. Read as follow-ups (the engine reads them with the message before), they say nothing of the answers
    // given alone; not read as follow-ups, they are answered alone, and are wrong answers.
    const followUp = (i: number, read: boolean): HeldOut => ({
      text: `and for her ${i}?`,
      label: 'follow-up',
      writer: 'w',
      scores: [
        { label: 'faq-b', p: 0.7 },
        { label: 'faq-a', p: 0.2 },
        { label: 'out-of-scope', p: 0.1 },
      ],
      patternSays: false,
      followUp: read,
    });
    const sure = Array.from({ length: 400 }, (_, i) => held(0.9, true, `sure${i}`));
    const rightAt07 = Array.from({ length: 40 }, (_, i) => held(0.7, true, `right${i}`));
    const alone = chooseCutoffs([...sure, ...rightAt07], isEntry).answerAt;
    expect(alone).toBeLessThanOrEqual(0.7);
    const recognised = Array.from({ length: 30 }, (_, i) => followUp(i, true));
    expect(chooseCutoffs([...sure, ...rightAt07, ...recognised], isEntry).answerAt).toBe(alone);
    const missed = Array.from({ length: 30 }, (_, i) => followUp(i, false));
    // 40 right and 30 wrong at 0.7: not answered there.
    expect(chooseCutoffs([...sure, ...rightAt07, ...missed], isEntry).answerAt).toBeGreaterThan(0.7);
  });

  /** A held-out phrasing by `writer`, read with these scores. */
  const phrasing = (writer: string, i: number, scores: HeldOut['scores'], label = 'faq-a'): HeldOut => ({
    text: `${writer}-${i}`,
    label,
    writer,
    scores,
    patternSays: false,
  });

  it('offers the entries to nineteen writers in twenty on their own, not only to the phrasings pooled', () => {
    // Nine writers the model reads surely; one whose wording it spreads: out of scope 0.7, the entries 0.3.
    const easy = Array.from({ length: 9 }, (_, w) =>
      Array.from({ length: 300 }, (_, i) =>
        phrasing(`easy${w}`, i, [
          { label: 'faq-a', p: 0.9 },
          { label: 'out-of-scope', p: 0.1 },
        ]),
      ),
    ).flat();
    const hard = ['hard0'].flatMap((w) =>
      Array.from({ length: 20 }, (_, i) =>
        phrasing(w, i, [
          { label: 'out-of-scope', p: 0.7 },
          { label: 'faq-a', p: 0.2 },
          { label: 'faq-b', p: 0.1 },
        ]),
      ),
    );
    // Out-of-scope questions the model reads as faq-b: answering them at 0.5 would be wrong.
    const outOfScope = Array.from({ length: 100 }, (_, i) =>
      phrasing(
        'easy0',
        1000 + i,
        [
          { label: 'faq-b', p: 0.5 },
          { label: 'out-of-scope', p: 0.45 },
          { label: 'faq-a', p: 0.05 },
        ],
        'out-of-scope',
      ),
    );
    const all = [...easy, ...hard, ...outOfScope];
    const cutoffs = chooseCutoffs(all, isEntry);
    // Pooled, the hard writer's 20 phrasings are under 1% of the FAQ's: 98% is met at any cut-off up to the
    // answer's. Writer by writer, one of ten would get no buttons above 0.3 (enough for nine in ten, too
    // many for nineteen in twenty): it is 0.3.
    expect(cutoffs.answerAt).toBeGreaterThan(0.5);
    expect(cutoffs.suggestAt).toBe(0.3);
    const offered = figuresOf(hard, decisionsOf(hard, cutoffs, isEntry), isEntry).offered;
    expect(offered).toBe(1);
  });

  it('offers the entries wherever the buttons help at least as many questions as they bother, below what the target needs', () => {
    // A thousand phrasings the model reads surely, ten writers. Ten it is unsure of: a wrong entry first at
    // 0.5 (answering it would be wrong, so the answer cut-off is above it), the right one third, the entries
    // 0.65 together. Thirty out-of-scope questions at 0.2 for an entry. Every writer is offered its entry 99%
    // of the time at any cut-off up to the answer's: the 98% target alone would not offer the ten anything.
    const many = (n: number, scores: HeldOut['scores'], label = 'faq-a') =>
      Array.from({ length: n }, (_, i) => phrasing(`w${i % 10}`, i, scores, label));
    const sure = many(1000, [
      { label: 'faq-a', p: 0.9 },
      { label: 'out-of-scope', p: 0.1 },
    ]);
    const unsure = many(10, [
      { label: 'faq-b', p: 0.5 },
      { label: 'out-of-scope', p: 0.35 },
      { label: 'faq-a', p: 0.15 },
    ]);
    const outOfScope = many(
      30,
      [
        { label: 'out-of-scope', p: 0.8 },
        { label: 'faq-b', p: 0.2 },
      ],
      'out-of-scope',
    );
    const cutoffs = chooseCutoffs([...sure, ...unsure, ...outOfScope], isEntry);
    expect(cutoffs.answerAt).toBeGreaterThan(0.5);
    // The bands down to 0.21 help ten and bother none; the one from 0.2 bothers thirty and helps none.
    expect(cutoffs.suggestAt).toBe(0.21);
    expect(figuresOf(unsure, decisionsOf(unsure, cutoffs, isEntry), isEntry).offered).toBe(1);
    expect(decisionsOf(outOfScope, cutoffs, isEntry).every((d) => d.candidates.length === 0)).toBe(true);
  });

  it('fails, writing nothing, when no cut-off recognises enough disclosures', () => {
    const unseen: HeldOut[] = Array.from({ length: 20 }, (_, i) => ({
      text: `d${i}`,
      label: 'disclosure',
      writer: 'w',
      scores: [
        { label: 'faq-a', p: 0.9 },
        { label: 'disclosure', p: 0 },
      ],
      patternSays: false,
    }));
    expect(() => chooseCutoffs([...records, ...unseen], isEntry)).toThrow(CalibrationError);
    expect(() => chooseCutoffs([...records, ...unseen], isEntry)).toThrow(/at most 0\.0%/);
  });

  it('uses the disclosure patterns only when the model alone does not recognise enough disclosures', () => {
    const disclosure = (p: number, pattern: boolean, i: number): HeldOut => ({
      text: `d${i}`,
      label: 'disclosure',
      writer: 'w',
      scores: [
        { label: 'disclosure', p },
        { label: 'faq-a', p: 1 - p },
      ].sort((a, b) => b.p - a.p),
      patternSays: pattern,
    });
    // The model reads every disclosure as one: the patterns add nothing and are left out.
    const seen = Array.from({ length: 100 }, (_, i) => disclosure(0.9, i % 2 === 0, i));
    expect(chooseCutoffs([...records, ...seen], isEntry).disclosurePatterns).toBe(false);
    // Five in a hundred the model misses entirely and a pattern finds: only with the patterns is 99% reached.
    const missed = Array.from({ length: 100 }, (_, i) => disclosure(i < 5 ? 0 : 0.9, i < 5, i));
    const cutoffs = chooseCutoffs([...records, ...missed], isEntry);
    expect(cutoffs.disclosurePatterns).toBe(true);
    const figures = figuresOf(missed, decisionsOf(missed, cutoffs, isEntry), isEntry);
    expect(figures.disclosureRecall).toBe(1);
  });

  it('reads the disclosure cut-off where 99% recall is met with confidence, else where it is met at all', () => {
    const disclosure = (p: number, i: number): HeldOut => ({
      text: `d${i}`,
      label: 'disclosure',
      writer: 'w',
      scores: [
        { label: 'disclosure', p },
        { label: 'out-of-scope', p: 1 - p },
      ].sort((a, b) => b.p - a.p),
      patternSays: false,
    });
    // 2,000 disclosures: 1,978 read at 0.9, then 10 at 0.3 and 12 at 0.1. At 0.3 exactly 99.4% are found: enough
    // as a share, and with 95% confidence (the interval's lower end 99.1%); at 0.9 98.9%, not enough at all.
    const many = Array.from({ length: 2000 }, (_, i) => disclosure(i < 1978 ? 0.9 : i < 1988 ? 0.3 : 0.1, i));
    expect(chooseCutoffs([...records, ...many], isEntry).disclosureAt).toBe(0.3);
    // 99.05% at 0.5 (19 of 2,000 missed) is the target as a share, but not with confidence: lower, to 0.1.
    const edge = Array.from({ length: 2000 }, (_, i) => disclosure(i < 1975 ? 0.9 : i < 1981 ? 0.5 : 0.1, i));
    expect(wilsonLower(1981 / 2000, 2000)).toBeLessThan(0.99);
    expect(chooseCutoffs([...records, ...edge], isEntry).disclosureAt).toBe(0.1);
    // A hundred, one of them read low: no cut-off shows 99% with confidence over so few; the share decides, and
    // 99 of 100 are found at any cut-off (the model's likeliest reading of each is a disclosure): the highest.
    const few = Array.from({ length: 100 }, (_, i) => disclosure(i < 99 ? 0.9 : 0.05, i));
    expect(wilsonLower(0.99, 100)).toBeLessThan(0.99);
    expect(chooseCutoffs([...records, ...few], isEntry).disclosureAt).toBe(0.99);
  });

  it('reads the clause cut-off where reading clauses alone gives care to at most one in a thousand that tell nothing', () => {
    // 2,000 phrasings that tell nothing, sure answers; 10 with a clause read as a disclosure at 0.9, 3 at 0.95.
    const told = Array.from({ length: 2000 }, (_, i) => ({
      ...held(0.95, true, `t${i}`),
      clauseDisclosure: i < 10 ? 0.9 : i < 13 ? 0.95 : 0,
    }));
    // One in a thousand is two: at 0.95 three would get care, from 0.96 none.
    expect(chooseCutoffs(told, isEntry).clauseDisclosureAt).toBe(0.96);
    // With 0.95 for only two of them, 0.91 is low enough.
    const fewer = told.map((r, i) => (i === 12 ? { ...r, clauseDisclosure: 0 } : r));
    expect(chooseCutoffs(fewer, isEntry).clauseDisclosureAt).toBe(0.91);
    // No phrasing of several clauses (or readings from before round 29): no cut-off, the clauses are not read.
    expect(chooseCutoffs(records, isEntry).clauseDisclosureAt).toBeUndefined();
  });

  it('reads the told-and-asked cut-offs where they give care to at most one in a thousand that tell nothing', () => {
    // 2,000 phrasings that tell nothing, sure answers: 10 read as told and asked at 0.4, 3 at 0.6.
    const quiet = Array.from({ length: 2000 }, (_, i) => ({
      ...held(0.95, true, `q${i}`),
      told: i < 10 ? 0.4 : i < 13 ? 0.6 : 0.01,
    }));
    // Messages that tell and ask, whatever the model makes of them: they are neither disclosures to recognise
    // whole, nor answers whose precision counts, nor false alarms.
    const toldAndAsked = (n: number, sure: boolean, told: number) =>
      Array.from(
        { length: n },
        (_, i): HeldOut => ({
          text: `t${told}-${i}`,
          label: TOLD,
          writer: 'w',
          // Sure: the entry first; unsure: out of scope first.
          scores: [
            { label: sure ? 'faq-a' : 'out-of-scope', p: 0.9 },
            { label: sure ? 'out-of-scope' : 'faq-a', p: 0.1 },
          ],
          patternSays: false,
          told,
          asks: 'faq-b',
        }),
      );
    const without = chooseCutoffs(quiet, isEntry);
    expect(without.toldAt).toBeUndefined();
    // 50 the model is unsure of, at 0.7: only the careful reply reaches them, and one in a thousand is two: at 0.6
    // three that tell nothing would get care, from 0.61 none; from 0.61 to 0.7 all 50 are reached, the highest kept.
    const unsure = [...quiet, ...toldAndAsked(50, false, 0.7)];
    const cutoffs = chooseCutoffs(unsure, isEntry);
    expect(cutoffs.toldAt).toBe(0.7);
    expect(cutoffs.toldSupportAt).toBe(0.61);
    expect({ ...cutoffs, toldAt: undefined, toldSupportAt: undefined }).toEqual({
      ...without,
      toldAt: undefined,
    });
    expect(figuresOf(unsure, decisionsOf(unsure, cutoffs, isEntry), isEntry).disclosureFalsePositive).toBe(0);
    // 50 more at 0.5 the model is sure of: under their answers the support line alone reaches them, but from 0.41
    // to 0.5 it would reach the three at 0.6 that tell nothing too. When those three are unsure of their entry (the
    // support line never goes under them), the pair 0.7 / 0.41 reaches all 100.
    const sure = toldAndAsked(50, true, 0.5);
    expect(chooseCutoffs([...quiet, ...toldAndAsked(50, false, 0.7), ...sure], isEntry)).toMatchObject({
      toldAt: 0.7,
      toldSupportAt: 0.61,
    });
    const unsureQuiet = quiet.map((r, i) =>
      i >= 10 && i < 13
        ? {
            ...r,
            scores: [
              { label: 'out-of-scope', p: 0.6 },
              { label: 'faq-a', p: 0.4 },
            ],
          }
        : r,
    );
    expect(chooseCutoffs([...unsureQuiet, ...toldAndAsked(50, false, 0.7), ...sure], isEntry)).toMatchObject({
      toldAt: 0.7,
      toldSupportAt: 0.41,
    });
  });

  it('are content: a folder without calibration.yml loads, but the engine will not answer from it', () => {
    const dir = contentWith();
    rmSync(join(dir, 'calibration.yml'));
    const uncalibrated = loadContent(dir);
    expect(uncalibrated.calibration).toBeNull();
    expect(() => createAnswerEngine({ content: uncalibrated })).toThrow(NotCalibratedError);
    expect(() => createAnswerEngine({ content: uncalibrated })).toThrow(
      `run: npm run calibrate -- --content ${dir}`,
    );
  });

  it('a hand-edited calibration.yml is refused with its file, line and what is wrong', () => {
    const dir = contentWith();
    writeFileSync(
      join(dir, 'calibration.yml'),
      'fingerprint: 37caaffbbabc14c8\nanswerAt: 0.3\nsuggestAt: 0.5\ndisclosureAt: 1.5\n',
    );
    const issues = inspectContent(dir).issues.map(formatIssue);
    expect(issues).toContain(
      `${dir}/calibration.yml:4 disclosureAt: Too big: expected number to be <=1 (got 1.5)`,
    );
    expect(issues).toContain(`${dir}/calibration.yml:3 suggestAt: suggestAt must not be above answerAt`);
    // The support line alone is read below the careful reply's told-and-asked cut-off, never above it.
    writeFileSync(
      join(dir, 'calibration.yml'),
      'fingerprint: 37caaffbbabc14c8\nanswerAt: 0.7\nsuggestAt: 0.2\ndisclosureAt: 0.1\ntoldAt: 0.3\ntoldSupportAt: 0.5\n',
    );
    expect(inspectContent(dir).issues.map(formatIssue)).toContain(
      `${dir}/calibration.yml:6 toldSupportAt: toldSupportAt needs toldAt, and must not be above it`,
    );
  });

  it("leaves out writers, never the entries' own questions", () => {
    const writers = writersOf(trainingExamples(content));
    expect(writers).not.toContain('faq');
    expect(writers.length).toBeGreaterThanOrEqual(5);
  });

  it('deals the writers into eight folds, each writer in one, and no more folds than writers', () => {
    const writers = Array.from({ length: 19 }, (_, i) => `w${String(i).padStart(2, '0')}`);
    const folds = writerGroups(writers);
    expect(folds).toHaveLength(8);
    expect(folds.flat().sort()).toEqual(writers);
    expect(folds.map((f) => f.length)).toEqual([3, 3, 3, 2, 2, 2, 2, 2]);
    expect(writerGroups(['a', 'b', 'c'])).toEqual([['a'], ['b'], ['c']]);
  });

  it("answers each writer's phrasings with an engine that never saw that writer's fold (the ablation's screen)", () => {
    // One writer teaches a made-up phrase under the first entry; the others write about the other entries. Trained
    // on everyone, the engine answers the phrase with that entry; answered by its fold, it cannot.
    const [taught, ...others] = content.faq.entries;
    const own = content.faq.entries.map((e) => ({ text: e.question, label: e.id, writer: FAQ_WRITER }));
    const zorblat = ['zorblat quench', 'the zorblat quench?', 'zorblat quench please', 'any zorblat quench'];
    const examples: Example[] = [
      ...own,
      ...zorblat.map((text) => ({ text, label: taught?.id as string, writer: 'w-a' })),
      ...others.slice(0, 6).map((e, i) => ({ text: e.question, label: e.id, writer: `w-${'bcdefg'[i]}` })),
      { text: 'my supervisor keeps rubbing my shoulders', label: DISCLOSURE, writer: 'w-c' },
    ];
    const cacheDir = mkdtempSync(join(tmpdir(), 'fold-engine-'));
    try {
      const everyone = createAnswerEngine({ content, cutoffs: CUTOFFS, examples, cacheDir });
      expect(everyone.answer('zorblat quench').faq?.id).toBe(taught?.id);
      const held = engineCrossValidation(
        content,
        ENGINE_OPTIONS,
        CUTOFFS,
        examples,
        (w) => writerGroups(w, 3),
        cacheDir,
      );
      // Every written phrasing once (the entries' own questions are never left out), each with its writer.
      expect(held.map((r) => `${r.writer}: ${r.text}`).sort()).toEqual(
        examples
          .filter((e) => e.writer !== FAQ_WRITER)
          .map((e) => `${e.writer}: ${e.text}`)
          .sort(),
      );
      for (const r of held.filter((r) => r.writer === 'w-a')) expect(r.decision.faqId).not.toBe(taught?.id);
      // The first phrasing of each fold (one in eight) is also asked after another of the fold with another label,
      // and so is every disclosure (never itself the message before).
      const paired = held.filter((r) => r.afterUnrelated !== undefined);
      expect(paired.length).toBeGreaterThanOrEqual(3);
      const disclosures = held.filter((r) => r.label === DISCLOSURE).length;
      expect(paired.length).toBeLessThanOrEqual(Math.ceil(held.length / 8) + 3 + disclosures);
      expect(paired.map((r) => r.label)).toContain(DISCLOSURE);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('the training data check', () => {
  const withTraining = (name: string, yaml: string) => {
    const dir = contentWith();
    writeFileSync(join(dir, 'training', name), yaml);
    return inspectContent(dir).issues.map(formatIssue);
  };

  it('names both places when one phrasing is taught under two labels', () => {
    const issues = withTraining(
      'x-writer.yml',
      'writer: x-writer\npersona: test\nwritten: 2026-12-04\nfaq:\n  every-year:\n    - Is it required every single year?\n  working-hours:\n    - is it required every single year\n',
    );
    expect(issues).toEqual([
      expect.stringMatching(
        /training\/x-writer\.yml:8 working-hours: "is it required every single year" \(working-hours\) is the same phrasing as .*training\/x-writer\.yml:6 "Is it required every single year\?" \(every-year\): keep it under one/,
      ),
    ]);
  });

  it('refuses an unknown entry, a writer that is not the file name, and too few phrasings', () => {
    const issues = withTraining(
      'y-writer.yml',
      'writer: someone-else\npersona: test\nwritten: 2026-12-04\nfaq:\n  every-yaer:\n    - again next year?\n',
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/y-writer\.yml:1 writer: writer "someone-else" does not match the file name/),
        expect.stringMatching(/y-writer\.yml:6 every-yaer: unknown FAQ entry "every-yaer"/),
      ]),
    );
    const dir = contentWith();
    for (const file of readdirSync(join(dir, 'training')))
      if (!file.startsWith('w-')) rmSync(join(dir, 'training', file));
    for (const file of readdirSync(join(dir, 'training')).slice(2)) rmSync(join(dir, 'training', file));
    expect(inspectContent(dir).issues.map(formatIssue)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /faq\.yml:\d+ rollout-schedule: entry "rollout-schedule" has \d+ training phrasings in training\/\*\.yml; it needs at least 40/,
        ),
      ]),
    );
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
    expect(readSituation(text, 2021, content.policy)).toEqual(facts);
  });

  it("reads an area only by the names the content's policy.yml gives it, as whole words", () => {
    const { roles } = content.policy;
    expect(readSituation('wen is the deadline for vpr staff', 2021, { roles })).toEqual({ role: 'staff' });
    const areas = [{ id: 'east', mentions: ['east site', 'hr'], role: 'staff' }];
    expect(readSituation('deadline for the east site?', 2021, { areas })).toEqual({
      area: 'east',
      role: 'staff',
    });
    expect(readSituation('three weeks left?', 2021, { areas })).toEqual({});
  });

  // biome-ignore format: one line per case
  it.each([
    ['i am a new lecturer, do i need it', 'faculty'],
    ['i am not faculty, do i need it', undefined],
    ['as a professor with grad students', 'faculty'],
    ['my grad students are staff', 'graduate_student'],
    ['i am a 3rd year phd', 'graduate_student'],
  ])("reads a role only by the words the content's policy.yml roles give it: %j", (text, role) => {
    expect(readSituation(text, 2021, content.policy).role).toBe(role);
    expect(readSituation(text, 2021, {}).role).toBeUndefined();
  });

  it("reads another institution's roles by its own words", () => {
    const bayline = loadContent(resolve(import.meta.dirname, '../../examples/institutions/bayline'));
    expect(readSituation('im a delivery driver, when is mine due', 2026, bayline.policy)).toEqual({
      role: 'driver',
    });
    expect(readSituation('i am a grad student', 2026, bayline.policy)).toEqual({});
  });

  // biome-ignore format: one line per case
  it.each([
    ['i am on sabbatical', 'sabbatical'],
    ['do i need it during my sabbatical next year', 'sabbatical'],
    ['i am on junior faculty leave', 'junior_faculty_leave'],
    // The longer mention decides: "junior faculty leave", not a sabbatical it is compared to.
    ['is junior faculty leave treated like a sabbatical', 'junior_faculty_leave'],
    ['i am on leave', undefined],
  ])("reads a leave only by the words the content's policy.yml leaves give it: %j", (text, leave) => {
    expect(readSituation(text, 2021, content.policy).leave).toBe(leave);
    expect(readSituation(text, 2021, {}).leave).toBeUndefined();
  });

  it("reads another institution's leaves by its own words, and not the first one's", () => {
    const bayline = loadContent(resolve(import.meta.dirname, '../../examples/institutions/bayline'));
    expect(readSituation('i am on maternity leave, when is mine due', 2026, bayline.policy)).toEqual({
      leave: 'parental_leave',
    });
    expect(readSituation('i am on sabbatical', 2026, bayline.policy)).toEqual({});
  });
});
