// What the models see of a text: TF-IDF over words, word pairs, synonym terms and letter n-grams (2 to 5
// letters inside each word, its edges marked), each group scaled to unit length, as a sparse vector over a
// vocabulary fixed at training time. The same function reads the training phrasings and the questions.
import { stemmer } from 'stemmer';
import { normalise, words } from './normalise.js';
import { type Synonyms, searchTerms } from './terms.js';

/** A sparse feature vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

/** Which parts of the text become features: each can be switched off for the ablation. */
export interface FeatureOptions {
  /** Words reduced to their stem (Porter); off: the words as typed (after normalisation). */
  stemmer: boolean;
  /** The synonym groups of content/synonyms.yml read as one term each. */
  synonyms: boolean;
  /** Letter n-grams: what lets "sabatical" share most of its pieces with "sabbatical". */
  chars: boolean;
  /** The letter n-grams read across the spaces between words too ("n tr" in "on training"). */
  charsAcrossWords?: boolean;
}

/**
 * As the ablation chose (README, "Answers"). The stemmer went in round 7: with 50 files, leave-one-writer-out
 * without it read 95.4% top-1 against 94.1% (the cut-offs re-read: wrong 0.7% against 0.5%); the letter
 * n-grams already join "complete", "completed" and "completion". In round 10 the letter n-grams crossed the
 * spaces between words, with dropout in training (src/answer/intent-model.ts has the figures).
 */
export const FEATURE_OPTIONS: FeatureOptions = {
  stemmer: false,
  synonyms: true,
  chars: true,
  charsAcrossWords: true,
};

/** The letter n-gram lengths, as the plain baseline uses them. */
export const CHAR_NGRAMS = [2, 3, 4, 5] as const;

/** The feature names of a text, in groups; each group is scaled to unit length on its own. */
export function featureGroups(text: string, synonyms: Synonyms | null, options: FeatureOptions): string[][] {
  const { named, pieces } = featureParts(text, synonyms, options);
  if (pieces === null) return named;
  const chars: string[] = [];
  eachLetterGram(pieces, (marked, start, n) => chars.push(`c:${marked.slice(start, start + n)}`));
  return [...named, chars];
}

/**
 * A text's features before they are named: the groups of words, word pairs and synonym terms, and what the
 * letter n-grams are cut from (null: none), so that training can number the many letter n-grams without
 * building a string for each (featureGroups names them).
 */
function featureParts(
  text: string,
  synonyms: Synonyms | null,
  options: FeatureOptions,
): { named: string[][]; pieces: string[] | null } {
  const plain = words(normalise(text));
  const stems = options.stemmer ? plain.map((w) => stemmer(w)) : plain;
  const unigrams = stems.map((s) => `w:${s}`);
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < stems.length; i++) bigrams.push(`b:${stems[i]}_${stems[i + 1]}`);
  const named = [[...unigrams, ...bigrams]];
  if (options.synonyms && synonyms) named.push(searchTerms(text, synonyms).map((t) => `s:${t}`));
  if (!options.chars) return { named, pieces: null };
  return {
    named,
    pieces: (options.charsAcrossWords ? [plain.join(' ')] : plain).map((piece) => ` ${piece} `),
  };
}

/** Each letter n-gram of the pieces (their edges marked), in order: the piece, where it starts and its length. */
function eachLetterGram(
  pieces: readonly string[],
  visit: (marked: string, start: number, n: number) => void,
): void {
  for (const marked of pieces)
    for (const n of CHAR_NGRAMS) for (let i = 0; i + n <= marked.length; i++) visit(marked, i, n);
}

/** A fitted TF-IDF vocabulary: feature names with their index and inverse document frequency. */
export interface Vectorizer {
  readonly size: number;
  vector(text: string): SparseVector;
  /** What a cache stores to rebuild it without the training texts. */
  toJSON(): VectorizerState;
}

export interface VectorizerState {
  names: string[];
  idf: number[];
  options: FeatureOptions;
}

/** Fits the vocabulary and the inverse document frequencies (smoothed, as scikit-learn does) on `texts`. */
export function fitVectorizer(
  texts: readonly string[],
  synonyms: Synonyms | null,
  options: FeatureOptions = FEATURE_OPTIONS,
): Vectorizer {
  return fitTransform(texts, synonyms, options).vectorizer;
}

/**
 * While sharing is on (withSharedFeatures): every feature name seen, by a number of its own, and each text's
 * groups as those numbers, for the synonyms and options it is on for.
 */
interface Shared {
  synonyms: Synonyms | null;
  options: FeatureOptions;
  ids: NameTable;
  names: string[];
  texts: Map<string, Int32Array[]>;
  /** The numbers in the order of their names (as `sort()` orders strings), and how many names it covers. */
  sorted: { order: Int32Array; covers: number } | null;
}
let shared: Shared | null = null;

function sharing(synonyms: Synonyms | null, options: FeatureOptions): Shared {
  const names: string[] = [];
  return { synonyms, options, ids: new NameTable(names), names, texts: new Map(), sorted: null };
}

/**
 * Runs `work` with each text's features read once for every model it trains with these synonyms and options:
 * the folds of a cross-validation train on the same texts, one writer fewer each time, and reading the texts'
 * features and their vocabulary was over a third of training a fold. The models are the same as trained alone
 * (a test holds them to it). Held only while `work` runs; a model trained outside it reads its own.
 */
export function withSharedFeatures<T>(synonyms: Synonyms | null, options: FeatureOptions, work: () => T): T {
  const before = shared;
  shared = sharing(synonyms, options);
  try {
    return work();
  } finally {
    shared = before;
  }
}

function sharedGroups(s: Shared, text: string): Int32Array[] {
  let groups = s.texts.get(text);
  if (groups === undefined) {
    const { named, pieces } = featureParts(text, s.synonyms, s.options);
    groups = named.map((group) => Int32Array.from(group, (name) => s.ids.idOf(name)));
    if (pieces !== null) {
      const chars: number[] = [];
      eachLetterGram(pieces, (marked, start, n) => chars.push(s.ids.idOfLetterGram(marked, start, n)));
      groups.push(Int32Array.from(chars));
    }
    s.texts.set(text, groups);
  }
  return groups;
}

/**
 * Feature names by number, numbered as first met: an open-addressing table (FNV-1a over the name's UTF-16 code
 * units, as featureSlots) that finds a letter n-gram from the text it is cut from, so that the some 18 million
 * n-grams of the shipped training data are numbered without a string each (a Map of the names took most of the
 * time reading the features took; round 24).
 */
class NameTable {
  private slots: Int32Array = new Int32Array(1 << 16);
  constructor(private readonly names: string[]) {}

  /** The number of a name, given one if it has none yet. */
  idOf(name: string): number {
    let at = featureHash(name) & (this.slots.length - 1);
    for (;;) {
      const slot = this.slots[at] as number;
      if (slot === 0) return this.add(name, at);
      if (this.names[slot - 1] === name) return slot - 1;
      at = (at + 1) & (this.slots.length - 1);
    }
  }

  /** The number of the name `c:` + `marked.slice(start, start + n)`, as idOf would give it. */
  idOfLetterGram(marked: string, start: number, n: number): number {
    let at = letterGramHash(marked, start, n) & (this.slots.length - 1);
    for (;;) {
      const slot = this.slots[at] as number;
      if (slot === 0) return this.add(`c:${marked.slice(start, start + n)}`, at);
      if (sameLetterGram(this.names[slot - 1] as string, marked, start, n)) return slot - 1;
      at = (at + 1) & (this.slots.length - 1);
    }
  }

  private add(name: string, at: number): number {
    const id = this.names.length;
    this.names.push(name);
    this.slots[at] = id + 1;
    // At most half full, so that the runs of slots a name is looked for in stay short: grown by placing every
    // name again, as a model file's table is built.
    if (this.names.length * 2 > this.slots.length) this.slots = featureSlots(this.names);
    return id;
  }
}

/** featureHash of the name `c:` + `marked.slice(start, start + n)`, without building it. */
function letterGramHash(marked: string, start: number, n: number): number {
  return fnv1a(fnv1a(FNV_OFFSET, 'c:', 0, 2), marked, start, start + n) >>> 0;
}

function sameLetterGram(name: string, marked: string, start: number, n: number): boolean {
  if (name.length !== n + 2 || name.charCodeAt(0) !== 99 || name.charCodeAt(1) !== 58) return false;
  for (let i = 0; i < n; i++) if (name.charCodeAt(i + 2) !== marked.charCodeAt(start + i)) return false;
  return true;
}

function sortedNames(s: Shared): Int32Array {
  if (s.sorted === null || s.sorted.covers !== s.names.length) {
    const { names } = s;
    const order = Int32Array.from(names, (_, i) => i).sort((a, b) => {
      const x = names[a] as string;
      const y = names[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    s.sorted = { order, covers: names.length };
  }
  return s.sorted.order;
}

/** fitTransform over the shared numbers: the same vocabulary, weights and vectors, in the same order. */
function fitShared(s: Shared, texts: readonly string[]): { vectorizer: Vectorizer; vectors: SparseVector[] } {
  const groups = texts.map((text) => sharedGroups(s, text));
  const size = s.names.length;
  const df = new Int32Array(size);
  const seenIn = new Int32Array(size).fill(-1);
  groups.forEach((text, t) => {
    for (const group of text)
      for (const id of group)
        if (seenIn[id] !== t) {
          seenIn[id] = t;
          df[id] = (df[id] as number) + 1;
        }
  });
  const local = new Int32Array(size).fill(-1);
  const names: string[] = [];
  const idf: number[] = [];
  const n = texts.length;
  for (const id of sortedNames(s)) {
    const count = df[id] as number;
    if (count === 0) continue;
    local[id] = names.length;
    names.push(s.names[id] as string);
    idf.push(Math.log((1 + n) / (1 + count)) + 1);
  }
  const weightOf = Float64Array.from(idf);
  const scratch = weighScratch(names.length);
  const vectors = groups.map((text) => weigh(text, local, weightOf, scratch));
  return { vectorizer: vectorizerOf({ names, idf, options: s.options }, s.synonyms), vectors };
}

/**
 * The vectorizer fitted on `texts`, and `texts` as its vectors: each text's features are read once (reading
 * them is a third of what training costs).
 */
export function fitTransform(
  texts: readonly string[],
  synonyms: Synonyms | null,
  options: FeatureOptions = FEATURE_OPTIONS,
): { vectorizer: Vectorizer; vectors: SparseVector[] } {
  if (shared !== null && shared.synonyms === synonyms && shared.options === options)
    return fitShared(shared, texts);
  // Alone, the same numbering for these texts only: counting by number in arrays rather than by name in maps and
  // sets, with the table below, made fitting the shipped 75,779 phrasings 25 s -> 8 s (round 24; the same vectors).
  return fitShared(sharing(synonyms, options), texts);
}

export function vectorizerFrom(state: VectorizerState, synonyms: Synonyms | null): Vectorizer {
  return vectorizerOf(state, synonyms);
}

function vectorizerOf(state: VectorizerState, synonyms: Synonyms | null): Vectorizer {
  // Set one by one: a start reads some 220,000 names, and building a pair for each first took twice as long.
  const ids = new Map<string, number>();
  for (let i = 0; i < state.names.length; i++) ids.set(state.names[i] as string, i);
  return vectorizerWith(
    state.names.length,
    (name) => ids.get(name) ?? -1,
    Float64Array.from(state.idf),
    state.options,
    synonyms,
    () => state,
  );
}

/**
 * A vocabulary as a model file keeps it (intent-model.ts): the names in order, and an open-addressing table of
 * their places, so that a start finds a name without first building a Map of some 220,000 of them (a third
 * of reading the model). Each slot holds a place + 1 (0: empty); a name's first slot is its FNV-1a hash over
 * its UTF-16 code units, masked to the table's size (a power of two, at least twice the names), then the next.
 */
export function featureSlots(names: readonly string[]): Int32Array {
  let size = 1;
  while (size < names.length * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  names.forEach((name, i) => {
    let at = featureHash(name) & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = i + 1;
  });
  return slots;
}

function featureHash(name: string): number {
  return fnv1a(FNV_OFFSET, name, 0, name.length) >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a from `h` over the UTF-16 code units of `text` from `start` to `end`. */
function fnv1a(h: number, text: string, start: number, end: number): number {
  let hash = h;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** The vectorizer of a vocabulary kept with its table of places (featureSlots: the same names). */
export function vectorizerFromSlots(
  vocabulary: { names: readonly string[]; idf: Float64Array; slots: Int32Array; options: FeatureOptions },
  synonyms: Synonyms | null,
): Vectorizer {
  const { names, idf, slots, options } = vocabulary;
  const mask = slots.length - 1;
  if (slots.length === 0 || (slots.length & mask) !== 0 || slots.length < names.length * 2)
    throw new Error(`a feature table of ${slots.length} slots for ${names.length} names`);
  // Probes bounded, so that a damaged table cannot keep a question waiting.
  const place = (name: string): number => {
    let at = featureHash(name) & mask;
    for (let probes = 0; probes < slots.length; probes++, at = (at + 1) & mask) {
      const slot = slots[at] as number;
      if (slot === 0) return -1;
      if (names[slot - 1] === name) return slot - 1;
    }
    return -1;
  };
  return vectorizerWith(names.length, place, idf, options, synonyms, () => ({
    names: [...names],
    idf: Array.from(idf),
    options,
  }));
}

function vectorizerWith(
  size: number,
  place: (name: string) => number,
  idf: Float64Array,
  options: FeatureOptions,
  synonyms: Synonyms | null,
  toJSON: () => VectorizerState,
): Vectorizer {
  // The counting arrays, made at the first text (a model read from the cache may never be asked).
  let scratch: WeighScratch | null = null;
  // By name: numbering the letter n-grams from the text they are cut from, as training does, was no faster here
  // (the lookups' memory, not the strings, is what a question's features cost; round 24).
  const vector = (text: string): SparseVector => {
    const groups = featureGroups(text, synonyms, options).map((group) => group.map(place));
    scratch ??= weighScratch(size);
    return weigh(groups, null, idf, scratch);
  };
  return { size, toJSON, vector };
}

/** `weigh`'s counting arrays, one place per feature of the vocabulary, left zeroed between texts. */
interface WeighScratch {
  /** A feature's count, then its weight, in the group being read (0: not in it). */
  inGroup: Float64Array;
  /** A feature's weight in the text so far, and whether it has one yet. */
  total: Float64Array;
  seen: Uint8Array;
  /** The features of the group, and of the text, in the order first met. */
  groupOrder: number[];
  order: number[];
}

function weighScratch(size: number): WeighScratch {
  return {
    inGroup: new Float64Array(size),
    total: new Float64Array(size),
    seen: new Uint8Array(size),
    groupOrder: [],
    order: [],
  };
}

/**
 * A text's vector from its groups of features: each feature's count times its idf, each group scaled to unit
 * length, the groups summed. The features are given by number: their place in the vocabulary, or (`places`) the
 * number whose place it gives; a place of -1 is not in the vocabulary, left out.
 * Counted in arrays the size of the vocabulary (`s`, reused text after text) rather than in maps: reading the
 * folds' vectors that way was a fifth of training one.
 */
function weigh(
  groups: readonly ArrayLike<number>[],
  places: Int32Array | null,
  idf: Float64Array,
  s: WeighScratch,
): SparseVector {
  const { inGroup, total, seen, groupOrder, order } = s;
  order.length = 0;
  for (const group of groups) {
    groupOrder.length = 0;
    for (let k = 0; k < group.length; k++) {
      const feature = group[k] as number;
      const id = places === null ? feature : (places[feature] as number);
      if (id < 0) continue;
      if (inGroup[id] === 0) groupOrder.push(id);
      inGroup[id] = (inGroup[id] as number) + 1;
    }
    let norm = 0;
    for (const id of groupOrder) {
      const w = (inGroup[id] as number) * (idf[id] as number);
      inGroup[id] = w;
      norm += w * w;
    }
    if (norm !== 0) {
      const scale = 1 / Math.sqrt(norm);
      for (const id of groupOrder) {
        if (seen[id] === 0) {
          seen[id] = 1;
          order.push(id);
        }
        total[id] = (total[id] as number) + (inGroup[id] as number) * scale;
      }
    }
    for (const id of groupOrder) inGroup[id] = 0;
  }
  const index = new Int32Array(order.length);
  const value = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const id = order[k] as number;
    index[k] = id;
    value[k] = total[id] as number;
    total[id] = 0;
    seen[id] = 0;
  }
  return { index, value };
}
