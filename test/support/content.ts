// Test helpers for content: the shipped folder, and throwaway copies with one file replaced.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SHIPPED_CONTENT = resolve(import.meta.dirname, '../../content');
export const BROKEN_CONTENT = resolve(import.meta.dirname, '../fixtures/broken-content');

/** A copy of the shipped content with the files of `overrideDir` laid over it. */
export function contentWith(overrideDir?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(SHIPPED_CONTENT, dir, { recursive: true });
  if (overrideDir) {
    for (const file of readdirSync(overrideDir)) cpSync(join(overrideDir, file), join(dir, file));
  }
  return dir;
}
