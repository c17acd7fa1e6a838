// Turns a kept question into the YAML an editor pastes into a training file, under the FAQ entry it asks:
// content stays a reviewed file, never something the database changes on its own.
import { stringify } from 'yaml';
import { normalise } from '../answer/normalise.js';
import type { FaqEntry } from '../content/schemas.js';
import { AppError } from '../errors.js';
import { REDACTED } from '../privacy/redact.js';
import type { Miss } from '../store/index.js';

export class PromoteError extends AppError {
  static override readonly code = 'promote_refused';
  static override readonly expected = true;
  override name = 'PromoteError';
}

/** The training file reviewed misses go to: one writer, the people who asked, as the editors kept them. */
export const REVIEWED_MISSES_FILE = 'content/training/reviewed-misses.yml';

/** Whether the text already is the entry's question or one of its training phrasings. */
export function alreadyAsked(text: string, entry: FaqEntry, phrasings: readonly string[] = []): boolean {
  const asked = normalise(text);
  return [entry.question, ...phrasings].some((q) => normalise(q) === asked);
}

/** The snippet to paste: a comment saying where, then the phrasing as a YAML list item. */
export function promotionYaml(miss: Miss, entry: FaqEntry, phrasings: readonly string[] = []): string {
  if (alreadyAsked(miss.text, entry, phrasings)) {
    throw new PromoteError(
      `Miss ${miss.id} (${JSON.stringify(miss.text)}) is already the question or a training phrasing of "${entry.id}".`,
    );
  }
  const lines = [
    `# ${REVIEWED_MISSES_FILE} (writer: reviewed-misses), under \`faq:\` → \`${entry.id}:\` (${entry.question})`,
  ];
  const placeholders = Object.values(REDACTED).filter((p) => miss.text.includes(p));
  if (placeholders.length > 0) {
    lines.push(
      `# It holds ${placeholders.join(', ')} where something was removed: reword it before pasting.`,
    );
  }
  // Indented to sit under `faq:` → `<entry id>:`; yaml quotes what needs quoting.
  const item = stringify([miss.text], { lineWidth: 0 }).trimEnd();
  lines.push(...item.split('\n').map((l) => `    ${l}`));
  return `${lines.join('\n')}\n`;
}
