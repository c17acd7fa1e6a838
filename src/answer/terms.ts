// From normalised text to the terms the search compares: synonyms read as one term, stop words dropped,
// a light suffix trim. Used for the index and the question alike.
import type { SynonymsFile } from '../content/schemas.js';
import { normalise, words } from './normalise.js';

/** Words that carry no meaning for telling FAQ entries apart. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again all also am an and any are as at be been being but by can could did do does ' +
    'doing for from had has have having he her here hers him his how i if in into is it its just me might ' +
    'more most must my myself no nor not now of off on once only or other our ours out over own please same ' +
    'shall she should so some such than that the their theirs them then there these they this those through ' +
    'to too under until up very was we were what when where which while who whom why will with would you ' +
    'your yours yourself hi hello hey thanks thank there anyone someone anybody somebody really actually ' +
    'exactly thing stuff ok okay yes yeah hmm um quick question questions wondering know tell let us going ' +
    'got get gets still even ever one few several couple lot bit'
  ).split(' '),
);

/** Reads every term of a synonym group as the group's first term. */
export interface Synonyms {
  apply(words: readonly string[]): string[];
}

export function createSynonyms(file: SynonymsFile): Synonyms {
  // Phrases keyed by their first word, longest first, so "more time" wins over "more". Compared stemmed,
  // so "finished" meets a group that lists "finish".
  const byFirst = new Map<string, { phrase: string[]; canonical: string[] }[]>();
  for (const group of file.groups) {
    const canonical = stemAll(words(normalise(group[0] ?? '')));
    for (const term of group) {
      const phrase = stemAll(words(normalise(term)));
      const first = phrase[0];
      if (first === undefined) continue;
      const list = byFirst.get(first) ?? [];
      list.push({ phrase, canonical });
      byFirst.set(first, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.phrase.length - a.phrase.length);

  return {
    apply(input) {
      const out: string[] = [];
      let i = 0;
      while (i < input.length) {
        const word = input[i] as string;
        const candidates = byFirst.get(word);
        const hit = candidates?.find(({ phrase }) => phrase.every((w, k) => input[i + k] === w));
        if (hit) {
          out.push(...hit.canonical);
          i += hit.phrase.length;
        } else {
          out.push(word);
          i += 1;
        }
      }
      return out;
    },
  };
}

/** A light suffix trim, so "taking" and "take", "modules" and "module" share a stem the search can find. */
export function stem(word: string): string {
  if (/^\d+$/.test(word)) return word;
  // "spring", "thing" keep their ending: what is left must still be a word stem.
  if (word.length > 6 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The search terms of a text: normalised, synonyms applied, stop words dropped, stemmed. */
export function searchTerms(text: string, synonyms: Synonyms): string[] {
  return synonyms.apply(stemAll(words(normalise(text)))).filter((w) => !STOP_WORDS.has(w));
}

/** Stems every word but the stop words, which must stay recognisable to be dropped. */
function stemAll(input: readonly string[]): string[] {
  return input.map((w) => (STOP_WORDS.has(w) ? w : stem(w)));
}

/** Slack mrkdwn and `{{contact:…}}` tokens removed: what an answer says, for indexing. */
export function plainForIndex(mrkdwn: string): string {
  return mrkdwn
    .replace(/\{\{contact:[^}]*\}\}/g, ' ')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/[*_~`•>]/g, ' ');
}
