// What every process pays for at start-up, whether it answers questions or sends a campaign: packages whose
// index loads far more than the app uses are imported by the path of what it uses (issue #27: the sender's
// resident memory).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, sourceFiles } from './support/source-files.js';

/** Files of src/ with a static import of exactly `specifier` (a type-only import loads nothing). */
function importing(specifier: string): string[] {
  const pattern = new RegExp(`^import\\s+(?!type\\b)[^;]*?from\\s*'${specifier}';`, 'm');
  return sourceFiles(SRC)
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((file) => relative(SRC, file));
}

describe('start-up weight', () => {
  it("imports date-fns functions by their own path: the package's index loads some 300 modules", () => {
    // Measured under tsx: the index added about 20 MB to the sender's resident memory before any work.
    expect(importing('date-fns')).toEqual([]);
  });

  it('loads the PostgreSQL driver only when a postgres:// database is opened', () => {
    // store/connection.ts requires it in connectPostgres: some 30 modules a process on SQLite never uses.
    expect(importing('pg')).toEqual([]);
  });
});
