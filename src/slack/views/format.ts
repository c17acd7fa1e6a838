// Dates and citations as a person reads them, shared by the views.
import { format } from 'date-fns';
import type { Content } from '../../content/load.js';
import type { FaqEntry } from '../../content/schemas.js';

/** A YYYY-MM-DD calendar day built from its parts, so no time zone can shift it. */
function localDay(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1);
}

/** `Wednesday, February 17, 2021` */
export function formatDay(iso: string): string {
  return format(localDay(iso), 'EEEE, MMMM d, yyyy');
}

/** `Feb 17, 2021` */
export function formatShortDay(iso: string): string {
  return format(localDay(iso), 'MMM d, yyyy');
}

/** `January 13 – February 17, 2021` */
export function formatRange(start: string, end: string): string {
  const s = localDay(start);
  const e = localDay(end);
  return s.getFullYear() === e.getFullYear()
    ? `${format(s, 'MMMM d')} – ${format(e, 'MMMM d, yyyy')}`
    : `${format(s, 'MMMM d, yyyy')} – ${format(e, 'MMMM d, yyyy')}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Where an answer comes from: `FAQ requirement question 4`, or the question itself for unnumbered entries. */
export function faqCitation(entry: Pick<FaqEntry, 'category' | 'number' | 'question'>): string {
  return entry.number === undefined
    ? `FAQ: ${entry.question}`
    : `FAQ ${entry.category} question ${entry.number}`;
}

export function faqCitationById(id: string, content: Content): string {
  const entry = content.faq.entries.find((e) => e.id === id);
  return entry ? faqCitation(entry) : `FAQ ${id}`;
}

/** `Course C – Creating an Inclusive Workplace`, or that the source gives no title. */
export function moduleLabel(module: { id: string; title: string | null }): string {
  return module.title === null
    ? `Course ${module.id} (title not given in the FAQ)`
    : `Course ${module.id} – ${module.title}`;
}
