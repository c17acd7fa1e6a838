// The FAQ search: one fuse.js index over each entry's question and what it answers, built once; results come back as entries with a 0..1 confidence.
import Fuse, { type FuseIndex, type IFuseOptions } from 'fuse.js';
import type { FaqEntry, SynonymsFile } from '../content/schemas.js';
import { createSynonyms, plainForIndex, type Synonyms, searchTerms } from './terms.js';

export type Field = 'question' | 'answer';

/**
 * How much a match in each field counts. The question is a way of asking, so a close match there is as
 * good as an answer; words found only in the answer are weaker evidence.
 */
export const FIELD_WEIGHTS: Readonly<Record<Field, number>> = { question: 1, answer: 0.5 };

/** One indexed phrasing: each entry contributes its question and its answer. */
interface Phrasing {
  entry: number;
  field: Field;
  /** Search terms, space-separated. */
  text: string;
  /** Letters in `text`, for the share of it a question covers. */
  letters: number;
  words: ReadonlySet<string>;
}

/**
 * Each term of the question is searched on its own (bitap, so "sabatical" still finds "sabbatical", and a
 * stem finds the longer word it starts), and the per-term hits are combined below, weighted by how rare
 * each term is. One whole-question pattern ranks long questions badly; fuse's own token mode cannot say
 * which term matched where, which the confidence needs. Location and field length are ignored: the
 * confidence measures coverage itself.
 */
export const FUSE_OPTIONS: IFuseOptions<Phrasing> = {
  keys: ['text'],
  // A term may differ by about one letter in four ("onbording").
  threshold: 0.3,
  ignoreLocation: true,
  ignoreFieldNorm: true,
  includeScore: true,
  shouldSort: false,
};

/**
 * How the confidence of one phrasing is made from the share of the question it covers (recall, weighted by
 * term rarity) and the share of the phrasing the question covers (precision). Recall matters more: a
 * question can add words ("hi, quick one:") that no phrasing has.
 */
export const RECALL_EXPONENT = 0.7;

/** The share of an entry's score that comes from all of its phrasings together rather than the best one. */
export const ENTRY_COVERAGE_SHARE = 0.25;

/** Fuse scores at or below this are the term itself (bitap gives an exact substring a score near 0). */
const EXACT_SCORE = 0.001;

/** A fuzzy hit counts for less than an exact one: strength = 1 − FUZZY_PENALTY × fuse score. */
export const FUZZY_PENALTY = 2;

/** Terms this short or shorter are matched as whole words, without fuse. */
const SHORT_TERM = 3;

/** Distinct terms whose hits are kept between questions: people reuse the same few hundred words. */
const TERM_CACHE_SIZE = 5000;
/**
 * Fuzzy lookups (fuse.js, well under a millisecond each) one question may make for terms not seen before:
 * a question has a handful of words, and a long message must not hold the event loop for the others.
 */
const FUZZY_BUDGET = 8;

export interface SearchHit {
  entry: FaqEntry;
  /** 0..1, higher is more confident. */
  score: number;
  /** The field of the best-matching phrasing. */
  field: Field;
}

export interface FaqSearch {
  search(question: string): SearchHit[];
  /** The same, for terms already made by `terms` (a question with its framing words removed). */
  searchTerms(terms: readonly string[]): SearchHit[];
  /** The question's search terms, for routing decisions that look at what is left of a question. */
  terms(question: string): string[];
  /** Index build time in milliseconds, for the bench. */
  readonly buildMs: number;
}

/** Where one term matched: phrasing index → strength (1 exact … 0.7 at the threshold). */
type TermHits = Map<number, number>;

export function createFaqSearch(entries: readonly FaqEntry[], synonymsFile: SynonymsFile): FaqSearch {
  const started = performance.now();
  const synonyms: Synonyms = createSynonyms(synonymsFile);
  const phrasings: Phrasing[] = [];
  const add = (entry: number, field: Field, text: string) => {
    const terms = searchTerms(text, synonyms).join(' ');
    if (terms !== '')
      phrasings.push({
        entry,
        field,
        text: terms,
        letters: terms.replace(/ /g, '').length,
        words: new Set(terms.split(' ')),
      });
  };
  entries.forEach((entry, i) => {
    add(i, 'question', entry.question);
    add(i, 'answer', plainForIndex(entry.answer));
  });
  const index: FuseIndex<Phrasing> = Fuse.createIndex(['text'], phrasings);
  const fuse = new Fuse(phrasings, FUSE_OPTIONS, index);
  const buildMs = performance.now() - started;

  const cache = new Map<string, TermHits>();
  const wholeWords = (term: string): TermHits => {
    const hits: TermHits = new Map();
    phrasings.forEach((phrasing, p) => {
      if (phrasing.words.has(term)) hits.set(p, 1);
    });
    return hits;
  };
  let fuzzyLeft = FUZZY_BUDGET;
  const hitsOf = (term: string): TermHits => {
    const cached = cache.get(term);
    if (cached) return cached;
    // Past the question's budget of fuzzy lookups, a new term matches whole words only (and is not cached,
    // so a later question can still look it up properly).
    if (fuzzyLeft <= 0) return wholeWords(term);
    if (term.length <= SHORT_TERM) {
      // Bitap would find "b" or "it" inside any longer word ("submit"): short terms match whole words only.
      const hits = wholeWords(term);
      cache.set(term, hits);
      return hits;
    }
    const hits: TermHits = new Map();
    fuzzyLeft -= 1;
    const results = fuse.search(term);
    // A word the FAQ itself uses is not a typo: "export" must not find "report" when it is spelled right.
    const exact = results.some((r) => (r.score ?? 1) <= EXACT_SCORE);
    for (const result of results) {
      const score = result.score ?? 1;
      if (score <= EXACT_SCORE) hits.set(result.refIndex, 1);
      else if (!exact) hits.set(result.refIndex, Math.max(0, 1 - FUZZY_PENALTY * score));
    }
    if (cache.size >= TERM_CACHE_SIZE) cache.clear();
    cache.set(term, hits);
    return hits;
  };
  const entryCount = entries.length;

  const rank = (questionTerms: readonly string[]): SearchHit[] => {
    const terms = [...new Set(questionTerms)];
    if (terms.length === 0) return [];
    fuzzyLeft = FUZZY_BUDGET;
    let totalWeight = 0;
    // Per phrasing: weighted recall and matched letters; per entry: best strength of each term.
    const recall = new Map<number, number>();
    const matched = new Map<number, number>();
    const entryTerm = new Map<number, number>();
    for (const term of terms) {
      const hits = hitsOf(term);
      const best = new Map<number, number>();
      for (const [p, strength] of hits) {
        const entry = (phrasings[p] as Phrasing).entry;
        if (strength > (best.get(entry) ?? 0)) best.set(entry, strength);
      }
      // BM25 idf over entries: a term found in every entry tells them apart no better than none.
      const weight = Math.log(1 + (entryCount - best.size + 0.5) / (best.size + 0.5));
      totalWeight += weight;
      for (const [p, strength] of hits) {
        recall.set(p, (recall.get(p) ?? 0) + weight * strength);
        matched.set(p, (matched.get(p) ?? 0) + term.length * strength);
      }
      for (const [entry, strength] of best)
        entryTerm.set(entry, (entryTerm.get(entry) ?? 0) + weight * strength);
    }
    if (totalWeight === 0) return [];
    const bestOf = new Map<number, { score: number; field: Field }>();
    for (const [p, weighted] of recall) {
      const phrasing = phrasings[p] as Phrasing;
      const r = weighted / totalWeight;
      const precision = Math.min(1, (matched.get(p) ?? 0) / Math.max(1, phrasing.letters));
      const confidence =
        phrasing.field === 'answer' ? r : r ** RECALL_EXPONENT * precision ** (1 - RECALL_EXPONENT);
      const score = FIELD_WEIGHTS[phrasing.field] * confidence;
      const current = bestOf.get(phrasing.entry);
      if (!current || score > current.score) bestOf.set(phrasing.entry, { score, field: phrasing.field });
    }
    return [...bestOf.entries()]
      .map(([i, { score, field }]) => ({
        entry: entries[i] as FaqEntry,
        score:
          (1 - ENTRY_COVERAGE_SHARE) * score + (ENTRY_COVERAGE_SHARE * (entryTerm.get(i) ?? 0)) / totalWeight,
        field,
      }))
      .sort((a, b) => b.score - a.score);
  };

  return {
    buildMs,
    terms: (question) => searchTerms(question, synonyms),
    search: (question) => rank(searchTerms(question, synonyms)),
    searchTerms: rank,
  };
}
