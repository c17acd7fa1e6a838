// What every process pays for at start-up, whether it answers questions or sends a campaign: packages whose
// index loads far more than the app uses are imported by the path of what it uses (issue #27: the sender's
// resident memory).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

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
