import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that start real processes (the CLI, the app, the console) take seconds each on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on a 2-core CI machine, one file at a time. Most
    // files wait on processes, servers and sockets, so two at a time roughly halves the run; three keep the two
    // cores busier still (round 25, a clean clone on 2 cores: 14 min 10 s with two, 12 min 51 s with three, every
    // test passing both ways), while a 53-second fault test and the process-spawning files wait.
    maxWorkers: 3,
    // A real PostgreSQL server for the store suite over both engines and the replica tests.
    // The answer model and its cross-validation folds, trained once into the model cache.
    globalSetup: ['test/support/postgres-setup.ts', 'test/support/model-setup.ts'],
  },
});
