// The calendar days and month names the content is written with: read by the loader (to fill in and check
// the dates answers quote) and by the replies (src/text/format.ts), so neither folder needs the other's.

/** Month names, January first, lower case: for reading dates people and the content write out. */
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

/** A YYYY-MM-DD calendar day built from its parts, so no time zone can shift it. */
export function localDay(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, d ?? 1);
}
