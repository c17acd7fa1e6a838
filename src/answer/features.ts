// What the learned ranker sees of a text: stemmed words, word pairs, synonym terms and letter n-grams,
// each group scaled to the same weight, as a sparse vector over a vocabulary fixed at training time.
import { stemmer } from 'stemmer';
import { normalise, words } from './normalise.js';
import { type Synonyms, searchTerms } from './terms.js';

/** A sparse feature vector: parallel arrays of feature indices and values. */
export interface SparseVector {
  index: Int32Array;
  value: Float64Array;
}

/**
 * Letter n-gram lengths. Three- and four-letter pieces of each word (with its edges marked) let a typo
 * ("dedline", "sabatical") share most of its pieces with the word it means.
 */
export const CHAR_NGRAMS = [3, 4] as const;

/** The feature groups; each is scaled to unit norm so no group drowns the others by sheer count. */
export function featureNames(text: string, synonyms: Synonyms): string[][] {
  const plain = words(normalise(text));
  const stems = plain.map((w) => stemmer(w));
  const unigrams = stems.map((s) => `w:${s}`);
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < stems.length; i++) bigrams.push(`b:${stems[i]}_${stems[i + 1]}`);
  const terms = searchTerms(text, synonyms).map((t) => `s:${t}`);
  const chars: string[] = [];
  for (const word of plain) {
    const marked = `#${word}#`;
    for (const n of CHAR_NGRAMS)
      for (let i = 0; i + n <= marked.length; i++) chars.push(`c:${marked.slice(i, i + n)}`);
  }
  return [unigrams, bigrams, terms, chars];
}

export interface Vocabulary {
  /** Features seen in training, each with its index; unseen features are ignored at query time. */
  readonly size: number;
  /** Adds the text's features to the vocabulary (training) and returns its vector. */
  learn(text: string): SparseVector;
  /** The text's vector over the known features. */
  vector(text: string): SparseVector;
}

export interface VocabularyOptions {
  /** Letter n-grams (typo tolerance); on unless turned off. */
  chars?: boolean;
  /** Words left out of the single-word group (they stay in the word pairs), for a detector they mislead. */
  stopwords?: ReadonlySet<string>;
}

export function createVocabulary(synonyms: Synonyms, options: VocabularyOptions = {}): Vocabulary {
  const ids = new Map<string, number>();
  const groupsOf = (text: string) => {
    const groups = featureNames(text, synonyms);
    const stop = options.stopwords;
    if (stop) groups[0] = (groups[0] ?? []).filter((name) => !stop.has(name.slice(2)));
    return options.chars === false ? groups.slice(0, 3) : groups;
  };
  const build = (text: string, grow: boolean): SparseVector => {
    const weights = new Map<number, number>();
    for (const group of groupsOf(text)) {
      const distinct = new Set(group);
      if (distinct.size === 0) continue;
      const weight = 1 / Math.sqrt(distinct.size);
      for (const name of distinct) {
        let id = ids.get(name);
        if (id === undefined) {
          if (!grow) continue;
          id = ids.size;
          ids.set(name, id);
        }
        weights.set(id, (weights.get(id) ?? 0) + weight);
      }
    }
    const index = Int32Array.from(weights.keys());
    const value = Float64Array.from(weights.values());
    return { index, value };
  };
  return {
    get size() {
      return ids.size;
    },
    learn: (text) => build(text, true),
    vector: (text) => build(text, false),
  };
}
