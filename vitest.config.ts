import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that start real processes (the CLI, the app, the console) take seconds each on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A real PostgreSQL server for the store suite over both engines and the replica tests.
    // The answer model and its cross-validation folds, trained once into the model cache.
    globalSetup: ['test/support/postgres-setup.ts', 'test/support/model-setup.ts'],
  },
});
