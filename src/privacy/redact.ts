// Removes what identifies a person or reaches them from a question before it may be kept: e-mail addresses,
// phone numbers, Slack mentions of people, channels and groups, and long runs of digits (ID numbers).

/** What each kind of removed text becomes: visible to content editors, so they know something was there. */
export const REDACTED = {
  email: '[email]',
  phone: '[phone]',
  user: '[person]',
  channel: '[channel]',
  broadcast: '[mention]',
  number: '[number]',
} as const;

export type RedactionKind = keyof typeof REDACTED;

export interface Redacted {
  text: string;
  /** How many of each kind were replaced: for tests and for a note next to a promoted alternate. */
  counts: Record<RedactionKind, number>;
}

// Slack's own markup comes first: `<mailto:a@b.c|a@b.c>` holds an address, `<@U123|name>` a person's name.
const SLACK_USER = /<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g;
const SLACK_CHANNEL = /<#C[A-Z0-9]+(?:\|[^>]*)?>/g;
// `<!channel>`, `<!here>`, `<!subteam^S123|@team>`, `<!date^…|…>`: all replaced, a date too (it may say when).
const SLACK_SPECIAL = /<![^>]*>/g;
const SLACK_MAILTO = /<mailto:[^>]*>/gi;
/**
 * Local part and domain as loose as people type them (dots, plus tags, subdomains, unicode letters). The
 * lookbehind makes a match start only where a run of such characters starts: without it, a long word with no
 * `@` is rescanned from every one of its characters (quadratic: 23 s for 200,000 characters).
 */
const EMAIL = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/**
 * A phone number: an optional +, then digit groups split by spaces, dots, dashes or parentheses, seven to
 * fifteen digits in all (E.164 allows at most 15). A date like 2021-02-17 is not one: it is excluded below.
 */
const PHONE = /(?<![\p{L}\p{N}])\+?\(?\d[\d().\s-]{5,22}\d(?![\p{L}\p{N}])/gu;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const US_DATE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;
/** Six digits or more in a row: an ID, an account or a card number. Years and zip codes stay. */
const LONG_DIGITS = /\d{6,}/g;

function isPhone(candidate: string): boolean {
  const trimmed = candidate.trim();
  // A bare run of digits is an ID more often than a number to dial: LONG_DIGITS takes it.
  if (/^\d+$/.test(trimmed)) return false;
  if (ISO_DATE.test(trimmed) || US_DATE.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  // "2020 2021 2022": years in a row read as digits with spaces, not a number anyone dials.
  if (/^(?:(?:19|20)\d{2}[\s,]+)+(?:19|20)\d{2}$/.test(trimmed)) return false;
  return true;
}

/** The text with every e-mail address, phone number, Slack mention and long digit run replaced. */
export function redact(text: string): Redacted {
  const counts: Record<RedactionKind, number> = {
    email: 0,
    phone: 0,
    user: 0,
    channel: 0,
    broadcast: 0,
    number: 0,
  };
  const replace = (pattern: RegExp, kind: RedactionKind) => (input: string) =>
    input.replace(pattern, () => {
      counts[kind] += 1;
      return REDACTED[kind];
    });
  let out = text;
  out = replace(SLACK_MAILTO, 'email')(out);
  out = replace(SLACK_USER, 'user')(out);
  out = replace(SLACK_CHANNEL, 'channel')(out);
  out = replace(SLACK_SPECIAL, 'broadcast')(out);
  out = replace(EMAIL, 'email')(out);
  out = out.replace(PHONE, (match) => {
    if (!isPhone(match)) return match;
    counts.phone += 1;
    // Keep the whitespace the greedy match may have taken at either end.
    const lead = /^\s*/.exec(match)?.[0] ?? '';
    const trail = /\s*$/.exec(match)?.[0] ?? '';
    return `${lead}${REDACTED.phone}${trail}`;
  });
  out = replace(LONG_DIGITS, 'number')(out);
  return { text: out, counts };
}

/** Slack sends `&`, `<` and `>` typed by a person as entities; kept text reads as it was typed. */
export function unescapeSlack(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/**
 * A question as it may be kept: Slack markup redacted first (while `<…>` still means markup), then the
 * entities decoded, then redacted again for what the decoded text reveals, whitespace collapsed.
 */
export function redactQuestion(text: string): string {
  const first = redact(text).text;
  return redact(unescapeSlack(first)).text.replace(/\s+/g, ' ').trim();
}

/** The total of replaced items. */
export function redactionCount(redacted: Redacted): number {
  return Object.values(redacted.counts).reduce((a, b) => a + b, 0);
}
