// Groups kept questions by similarity, so an editor sees "asked 6 times, like this" rather than a long list,
// with the FAQ entry each group is nearest to: the candidate for a new alternate.
import { normalise, words } from '../answer/normalise.js';
import { STOP_WORDS, stem } from '../answer/terms.js';
import { REDACTED } from '../privacy/redact.js';
import type { Miss } from '../store/index.js';

/**
 * Two questions share a group when this share of their terms is common (Jaccard), or more. Lower and
 * unrelated questions about "the training" merge; higher and rephrasings of one question stay apart.
 */
export const SIMILARITY_THRESHOLD = 0.4;

export interface Nearest {
  id: string;
  question: string;
  /** The engine's 0..1 confidence: below its threshold, which is why the question was missed. */
  score: number;
}

export interface MissGroup {
  /** The id of the group's first (oldest) miss: what `cli misses promote ID` takes. */
  id: number;
  /** Every miss in the group. */
  count: number;
  /** Distinct texts, most frequent first, each with its id (the most recent one of that text). */
  texts: { id: number; text: string; count: number }[];
  unanswered: number;
  /** 👎 per FAQ entry that got them. */
  unhelpful: Record<string, number>;
  firstDay: string;
  lastDay: string;
  nearest: Nearest | null;
}

/** The terms two questions are compared on: normalised, stop words dropped, a light stem. */
export function missTerms(text: string): Set<string> {
  // A placeholder says only that something was removed: it must not make two questions look alike.
  const bare = Object.values(REDACTED).reduce((t, p) => t.replaceAll(p, ' '), text);
  return new Set(
    words(normalise(bare))
      .filter((w) => !STOP_WORDS.has(w))
      .map(stem),
  );
}

export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const term of a) if (b.has(term)) common += 1;
  return common / (a.size + b.size - common);
}

/**
 * Single-link grouping: a miss joins the first group holding a question similar enough to it. Groups come
 * back largest first, then most recent. `nearest` is asked once per group, with its most frequent text.
 */
export function groupMisses(
  misses: readonly Miss[],
  nearest: (text: string) => Nearest | null,
  threshold: number = SIMILARITY_THRESHOLD,
): MissGroup[] {
  const groups: { members: Miss[]; terms: Set<string>[] }[] = [];
  for (const miss of [...misses].sort((a, b) => a.day.localeCompare(b.day) || a.id - b.id)) {
    const terms = missTerms(miss.text);
    const home = groups.find((g) => g.terms.some((t) => similarity(t, terms) >= threshold));
    if (home) {
      home.members.push(miss);
      home.terms.push(terms);
    } else groups.push({ members: [miss], terms: [terms] });
  }
  return groups
    .map(({ members }): MissGroup => {
      const byText = new Map<string, { id: number; text: string; count: number }>();
      const unhelpful: Record<string, number> = {};
      let unanswered = 0;
      for (const m of members) {
        const key = normalise(m.text);
        const seen = byText.get(key);
        if (seen) {
          seen.count += 1;
          seen.id = m.id;
        } else byText.set(key, { id: m.id, text: m.text, count: 1 });
        switch (m.reason) {
          case 'unknown':
            unanswered += 1;
            break;
          case 'unhelpful':
            if (m.faqId !== null) unhelpful[m.faqId] = (unhelpful[m.faqId] ?? 0) + 1;
            break;
          default:
            m.reason satisfies never;
        }
      }
      const texts = [...byText.values()].sort((a, b) => b.count - a.count || b.id - a.id);
      const first = members[0] as Miss;
      const last = members[members.length - 1] as Miss;
      return {
        id: first.id,
        count: members.length,
        texts,
        unanswered,
        unhelpful,
        firstDay: first.day,
        lastDay: last.day,
        nearest: texts[0] ? nearest(texts[0].text) : null,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastDay.localeCompare(a.lastDay) || a.id - b.id);
}
