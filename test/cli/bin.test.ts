// The CLI as the package's bin, checked without building: the bin is the build's output of the CLI's entry, that
// entry starts with the line that lets the system run it, the build makes it executable, and the Docker image
// puts it on the PATH. test/production.test.ts runs it for real after `npm prune --omit=dev`.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(REPO, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  bin?: Record<string, string>;
  scripts: Record<string, string>;
};
const build = JSON.parse(read('tsconfig.build.json')) as {
  compilerOptions: { outDir: string; rootDir: string };
};
const bin = pkg.bin?.['harassment-training'];

describe("the package's bin, harassment-training", () => {
  it('is the built form of src/cli/main.ts', () => {
    expect(bin).toBeDefined();
    const { outDir, rootDir } = build.compilerOptions;
    const source = join(rootDir, relative(outDir, bin ?? '')).replace(/\.js$/, '.ts');
    expect(source).toBe(join('src', 'cli', 'main.ts'));
  });

  it('starts with #!/usr/bin/env node, which the build keeps as the first line', () => {
    expect(read('src/cli/main.ts').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('is made executable by npm run build, which a production deployment runs', () => {
    expect(pkg.scripts['build']).toMatch(new RegExp(`chmodSync\\('${bin}', 0o755\\)`));
  });

  it('is on the PATH of the Docker image, linked to the built file', () => {
    expect(read('Dockerfile')).toContain(`ln -s /app/${bin} /usr/local/bin/harassment-training`);
  });
});
