// Turns a kept question into the YAML an editor pastes under an FAQ entry's alternates: content stays a
// reviewed file, never something the database changes on its own.
import { stringify } from 'yaml';
import { normalise } from '../answer/normalise.js';
import type { FaqEntry } from '../content/schemas.js';
import { REDACTED } from '../privacy/redact.js';
import type { Miss } from '../store/index.js';

export class PromoteError extends Error {
  override name = 'PromoteError';
}

/** Whether the text already is the entry's question or one of its alternates, as the search reads them. */
export function alreadyAsked(text: string, entry: FaqEntry): boolean {
  const asked = normalise(text);
  return [entry.question, ...entry.alternates].some((q) => normalise(q) === asked);
}

/** The snippet to paste: a comment saying where, then the alternate as a YAML list item. */
export function promotionYaml(miss: Miss, entry: FaqEntry, faqFile = 'content/faq.yml'): string {
  if (alreadyAsked(miss.text, entry)) {
    throw new PromoteError(
      `Miss ${miss.id} (${JSON.stringify(miss.text)}) is already the question or an alternate of "${entry.id}".`,
    );
  }
  const lines = [`# ${faqFile}, entry "${entry.id}" (${entry.question}): add under \`alternates:\``];
  const placeholders = Object.values(REDACTED).filter((p) => miss.text.includes(p));
  if (placeholders.length > 0) {
    lines.push(
      `# It holds ${placeholders.join(', ')} where something was removed: reword it before pasting.`,
    );
  }
  // Indented to sit under `alternates:` of an entry in the list; yaml quotes what needs quoting.
  const item = stringify([miss.text], { lineWidth: 0 }).trimEnd();
  lines.push(...item.split('\n').map((l) => `    ${l}`));
  return `${lines.join('\n')}\n`;
}
