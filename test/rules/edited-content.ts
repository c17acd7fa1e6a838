// Copies of the shipped content with one file edited as text: how a new cycle would be written.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentWith, SHIPPED_CONTENT } from '../support/content.js';

/**
 * A folder holding the shipped content (or another institution's folder, `from`) with `file` rewritten by
 * `edit` (which must change something).
 */
export function editedContentDir(
  file: string,
  edit: (text: string) => string,
  from = SHIPPED_CONTENT,
): string {
  const text = readFileSync(join(from, file), 'utf8');
  const changed = edit(text);
  if (changed === text) throw new Error(`the edit changed nothing in ${file}`);
  if (from !== SHIPPED_CONTENT) {
    const copy = mkdtempSync(join(tmpdir(), 'institution-'));
    cpSync(from, copy, { recursive: true });
    writeFileSync(join(copy, file), changed);
    return copy;
  }
  const override = mkdtempSync(join(tmpdir(), 'override-'));
  writeFileSync(join(override, file), changed);
  return contentWith(override);
}

/** The next cycle: every 2021 window moved to 2023, nothing else touched. */
export const toCycle2023 = (schedule: string) =>
  schedule.replaceAll('2021-', '2023-').replace('year: 2021', 'year: 2023');
